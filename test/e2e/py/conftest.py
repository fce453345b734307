"""Shared fixtures for the boto3 end-to-end tests.

The server under test is named by MODELRY_ENDPOINT (set by test/e2e/boto3.test.ts). Every test makes
its own uniquely named groups, so the tests are independent of each other and of their order.
"""

import os
import time
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["MODELRY_ENDPOINT"]
REGION = "us-east-1"
ACCESS_KEY = "AKIDPYTHONONE"
OTHER_ACCESS_KEY = "AKIDPYTHONTWO"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

# The InferenceSpecification of call 04 in sagemaker-wire-samples.md, byte for byte.
WIRE_SPEC = {
    "Containers": [
        {
            "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0",
            "ModelDataUrl": "s3://demo-bucket/churn/model.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
        }
    ],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedTransformInstanceTypes": ["ml.m5.large"],
}


def make_client(access_key=ACCESS_KEY, retries=None):
    """A stock boto3 SageMaker client pointed at the server; by default a 5xx is not retried."""
    return boto3.client(
        "sagemaker",
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=access_key,
        aws_secret_access_key=SECRET_KEY,
        # botocore's `max_attempts` counts retries; `total_max_attempts` counts the first try too.
        config=Config(retries=retries or {"total_max_attempts": 1, "mode": "standard"}),
    )


@pytest.fixture(scope="session")
def sm():
    return make_client()


@pytest.fixture(scope="session")
def sm_other():
    return make_client(OTHER_ACCESS_KEY)


def unique(prefix="py"):
    """A fresh entity name (letters, digits, hyphens), unique across runs and tests."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def group(sm):
    """An empty group made for this test; returns its name."""
    name = unique("grp")
    sm.create_model_package_group(ModelPackageGroupName=name)
    return name


def register(sm, group_name, **extra):
    """Registers one version with call 04's specification; returns its ARN."""
    return sm.create_model_package(
        ModelPackageGroupName=group_name, InferenceSpecification=WIRE_SPEC, **extra
    )["ModelPackageArn"]


def client_error(call, *args, **kwargs):
    """Runs a call that must fail with a client error and returns botocore's parsed error response."""
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    response = info.value.response
    # A client mistake is a 4xx, never a 5xx that clients would retry.
    status = response["ResponseMetadata"]["HTTPStatusCode"]
    assert 400 <= status < 500, response
    return response


def assert_error(response, code, *fragments):
    assert response["Error"]["Code"] == code, response
    for fragment in fragments:
        assert fragment in response["Error"]["Message"], response


def wait_past(epoch_seconds, deadline_seconds=5.0):
    """Polls the clock until it has passed the given instant (for creation-time boundaries)."""
    until = time.time() + deadline_seconds
    while time.time() <= epoch_seconds:
        assert time.time() < until, "the clock did not pass the boundary in time"
        time.sleep(0.02)
