"""Wire-level behaviour that boto3 relies on: error envelopes, retries, request ids (reference a.2, a.3)."""

import json
import urllib.error
import urllib.request

from botocore.exceptions import ClientError
import pytest

from conftest import ENDPOINT, make_client, unique


def raw_post(target, body):
    request = urllib.request.Request(
        ENDPOINT + "/",
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_unknown_operation_is_a_clean_400():
    status, headers, body = raw_post("SageMaker.NoSuchOperation", b"{}")
    assert status == 400
    parsed = json.loads(body)
    assert parsed["__type"] == "UnknownOperationException"
    assert parsed["Message"]
    lower = {k.lower(): v for k, v in headers.items()}
    assert lower["x-amzn-errortype"] == "UnknownOperationException"
    assert lower["content-type"] == "application/x-amz-json-1.1"
    assert lower["x-amzn-requestid"]


def test_malformed_json_is_a_4xx_in_the_aws_envelope():
    status, headers, body = raw_post("SageMaker.ListModelPackageGroups", b"{not json")
    assert 400 <= status < 500
    assert json.loads(body)["__type"]


def test_an_unsigned_request_still_gets_an_aws_answer():
    status, _headers, body = raw_post("SageMaker.ListModelPackageGroups", b"{}")
    assert status == 200
    assert isinstance(json.loads(body)["ModelPackageGroupSummaryList"], list)


def test_a_client_error_is_never_retried():
    # This client would retry a 5xx twice (standard mode, 3 attempts in all).
    retrying = make_client(retries={"total_max_attempts": 3, "mode": "standard"})
    with pytest.raises(ClientError) as info:
        retrying.describe_model_package_group(ModelPackageGroupName=unique("missing"))
    meta = info.value.response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 400
    assert meta["RetryAttempts"] == 0
    assert meta["RequestId"]
    assert meta["HTTPHeaders"]["x-amzn-errortype"] == "ValidationException"


def test_success_carries_a_request_id_and_no_retries(sm):
    out = sm.list_model_package_groups(MaxResults=1)
    assert out["ResponseMetadata"]["RetryAttempts"] == 0
    assert out["ResponseMetadata"]["RequestId"]
    assert out["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"
