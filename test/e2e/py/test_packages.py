"""CreateModelPackage, DescribeModelPackage, BatchDescribeModelPackage and ClientToken (reference b.3, e.1-e.3)."""

import copy
import datetime
import uuid

from conftest import (
    ACCESS_KEY,
    WIRE_SPEC,
    assert_error,
    client_error,
    register,
    unique,
)

PACKAGE_ARN_PREFIX = "arn:aws:sagemaker:us-east-1:000000000000:model-package/"
S3 = "s3://demo-bucket/churn"


def metrics_source(name):
    return {"ContentType": "application/json", "S3Uri": f"{S3}/v1/{name}.json"}


# Every member the server stores, besides what call 04 of the wire samples sends.
STORED_MEMBERS = {
    "InferenceSpecification": WIRE_SPEC,
    "ModelMetrics": {
        "ModelQuality": {
            "Statistics": {"ContentType": "application/json", "S3Uri": f"{S3}/v1/evaluation.json"},
            "Constraints": metrics_source("quality-constraints"),
        },
        "ModelDataQuality": {
            "Statistics": metrics_source("data-statistics"),
            "Constraints": metrics_source("data-constraints"),
        },
        "Bias": {
            "Report": metrics_source("bias"),
            "PreTrainingReport": metrics_source("bias-pre"),
            "PostTrainingReport": metrics_source("bias-post"),
        },
        "Explainability": {"Report": metrics_source("explainability")},
    },
    "DriftCheckBaselines": {
        "Bias": {
            "ConfigFile": {"ContentType": "application/json", "S3Uri": f"{S3}/drift/bias-config.json"},
            "PreTrainingConstraints": metrics_source("drift-bias-pre"),
            "PostTrainingConstraints": metrics_source("drift-bias-post"),
        },
        "Explainability": {
            "Constraints": metrics_source("drift-explainability"),
            "ConfigFile": {"S3Uri": f"{S3}/drift/explainability-config.json"},
        },
        "ModelQuality": {
            "Statistics": metrics_source("drift-quality-statistics"),
            "Constraints": metrics_source("drift-quality-constraints"),
        },
        "ModelDataQuality": {
            "Statistics": metrics_source("drift-data-statistics"),
            "Constraints": metrics_source("drift-data-constraints"),
        },
    },
    "MetadataProperties": {
        "CommitId": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
        "Repository": "https://github.com/example/churn",
        "GeneratedBy": "arn:aws:sagemaker:us-east-1:000000000000:pipeline/churn/execution/abc123",
        "ProjectId": "p-abc123",
    },
    "CustomerMetadataProperties": {"git_sha": "abc1", "trained-by": "pipeline@ci", "epochs": "12"},
    "ModelCard": {
        "ModelCardContent": '{"model_overview": {"model_description": "churn classifier"}}',
        "ModelCardStatus": "Draft",
    },
    "ModelLifeCycle": {"Stage": "Development", "StageStatus": "InProgress", "StageDescription": "first cut"},
    "SourceUri": f"{S3}/source/sourcedir.tar.gz",
    "Domain": "MACHINE_LEARNING",
    "Task": "CLASSIFICATION",
    "SamplePayloadUrl": f"{S3}/payload/sample.tar.gz",
    "SecurityConfig": {"KmsKeyId": "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
    "AdditionalInferenceSpecifications": [
        {
            "Name": "gpu-variant",
            "Description": "the same model built for GPUs",
            "Containers": [
                {
                    "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0-gpu",
                    "ImageDigest": "sha256:" + "3c" * 32,
                    "ModelDataUrl": f"{S3}/model.tar.gz",
                    "Framework": "XGBOOST",
                    "FrameworkVersion": "1.7-1",
                }
            ],
            "SupportedRealtimeInferenceInstanceTypes": ["ml.g5.xlarge"],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["application/json"],
        }
    ],
    "ValidationSpecification": {
        "ValidationRole": "arn:aws:iam::000000000000:role/SageMakerValidation",
        "ValidationProfiles": [
            {
                "ProfileName": "batch-check",
                "TransformJobDefinition": {
                    "MaxConcurrentTransforms": 2,
                    "BatchStrategy": "MultiRecord",
                    "TransformInput": {
                        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{S3}/validation/"}},
                        "ContentType": "text/csv",
                        "SplitType": "Line",
                    },
                    "TransformOutput": {"S3OutputPath": f"{S3}/validation-out/", "AssembleWith": "Line"},
                    "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
                },
            }
        ],
    },
    "SourceAlgorithmSpecification": {
        "SourceAlgorithms": [{"AlgorithmName": "churn-xgboost", "ModelDataUrl": f"{S3}/model.tar.gz"}]
    },
    "SkipModelValidation": "None",
}


def test_register_with_every_member_and_describe_returns_them_verbatim(sm, group):
    body = copy.deepcopy(STORED_MEMBERS)
    arn = sm.create_model_package(
        ModelPackageGroupName=group, ModelPackageDescription="churn v1", **body
    )["ModelPackageArn"]
    assert arn == f"{PACKAGE_ARN_PREFIX}{group}/1"

    d = sm.describe_model_package(ModelPackageName=arn)
    for member, value in STORED_MEMBERS.items():
        assert d.get(member) == value, f"{member} came back as {d.get(member)!r}"
    assert d["ModelPackageGroupName"] == group
    assert d["ModelPackageVersion"] == 1
    assert d["ModelPackageArn"] == arn
    assert d["ModelPackageDescription"] == "churn v1"
    # Left unset, a version waits for a human (reference e.5).
    assert d["ModelApprovalStatus"] == "PendingManualApproval"
    assert d["ModelPackageStatus"] == "Completed"
    assert isinstance(d["ModelPackageStatusDetails"]["ValidationStatuses"], list)
    assert isinstance(d["CreationTime"], datetime.datetime)
    assert d["CreatedBy"]["IamIdentity"]["PrincipalId"] == ACCESS_KEY
    assert "Tags" not in d


def test_wire_sample_call_04_registers_version_1(sm, group):
    # The exact members of call 04 (ClientToken aside, which boto3 fills in).
    arn = sm.create_model_package(
        ModelPackageGroupName=group,
        ModelPackageDescription="churn v1",
        InferenceSpecification=WIRE_SPEC,
        ModelMetrics={
            "ModelQuality": {
                "Statistics": {"ContentType": "application/json", "S3Uri": "s3://demo-bucket/churn/v1/evaluation.json"}
            }
        },
        CustomerMetadataProperties={"git_sha": "abc1"},
    )["ModelPackageArn"]
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["InferenceSpecification"] == WIRE_SPEC
    assert d["CustomerMetadataProperties"] == {"git_sha": "abc1"}
    assert d["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"] == "s3://demo-bucket/churn/v1/evaluation.json"
    assert d["ModelApprovalStatus"] == "PendingManualApproval"


def test_versions_count_up_and_describe_accepts_group_slash_number(sm, group):
    arns = [register(sm, group, ModelApprovalStatus="PendingManualApproval") for _ in range(3)]
    assert arns == [f"{PACKAGE_ARN_PREFIX}{group}/{n}" for n in (1, 2, 3)]
    by_arn = sm.describe_model_package(ModelPackageName=arns[1])
    by_short = sm.describe_model_package(ModelPackageName=f"{group}/2")
    for d in (by_arn, by_short):
        assert d["ModelPackageArn"] == arns[1]
        assert d["ModelPackageVersion"] == 2
        assert "ValidationStatuses" in d["ModelPackageStatusDetails"]
    assert by_arn["CreationTime"] == by_short["CreationTime"]


def test_package_arns_lower_case_the_group_name(sm):
    group = unique("Mixed-Case")
    sm.create_model_package_group(ModelPackageGroupName=group)
    arn = register(sm, group)
    assert arn == f"{PACKAGE_ARN_PREFIX}{group.lower()}/1"
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["ModelPackageGroupName"] == group


def test_tags_on_a_versioned_create_are_refused(sm, group):
    response = client_error(
        sm.create_model_package,
        ModelPackageGroupName=group,
        InferenceSpecification=WIRE_SPEC,
        Tags=[{"Key": "team", "Value": "ml"}],
    )
    assert_error(response, "ValidationException")
    assert sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"] == []


def test_both_names_or_neither_name_are_refused(sm, group):
    both = client_error(
        sm.create_model_package,
        ModelPackageGroupName=group,
        ModelPackageName=unique("pkg"),
        InferenceSpecification=WIRE_SPEC,
    )
    assert_error(both, "ValidationException", "Both ModelPackageName and ModelPackageGroupName")
    neither = client_error(sm.create_model_package, InferenceSpecification=WIRE_SPEC)
    assert_error(neither, "ValidationException", "Missing ARN")


def test_register_into_a_missing_group_fails(sm):
    name = unique("missing")
    response = client_error(
        sm.create_model_package, ModelPackageGroupName=name, InferenceSpecification=WIRE_SPEC
    )
    assert_error(response, "ValidationException", "does not exist")


def test_invalid_nested_member_is_rejected_server_side(sm, group):
    spec = copy.deepcopy(WIRE_SPEC)
    spec["SupportedRealtimeInferenceInstanceTypes"] = ["ml.nope.large"]
    response = client_error(
        sm.create_model_package, ModelPackageGroupName=group, InferenceSpecification=spec
    )
    assert_error(
        response,
        "ValidationException",
        "at 'inferenceSpecification.supportedRealtimeInferenceInstanceTypes' failed to satisfy constraint",
    )


def test_unversioned_package_with_tags_and_marketplace_flag(sm):
    name = unique("solo")
    arn = sm.create_model_package(
        ModelPackageName=name,
        ModelPackageDescription="a standalone package",
        InferenceSpecification=WIRE_SPEC,
        CertifyForMarketplace=True,
        Tags=[{"Key": "team", "Value": "ml"}],
    )["ModelPackageArn"]
    assert arn == PACKAGE_ARN_PREFIX + name
    for ref in (arn, name):
        d = sm.describe_model_package(ModelPackageName=ref)
        assert d["ModelPackageName"] == name
        assert d["ModelPackageArn"] == arn
        assert d["CertifyForMarketplace"] is True
        assert d["InferenceSpecification"] == WIRE_SPEC
        assert "ModelPackageGroupName" not in d
        assert "ModelPackageVersion" not in d
        assert "ModelApprovalStatus" not in d
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
    again = client_error(sm.create_model_package, ModelPackageName=name, InferenceSpecification=WIRE_SPEC)
    assert_error(again, "ValidationException", "already exists")


def test_client_token_makes_a_retried_create_idempotent(sm, group):
    token = str(uuid.uuid4())
    first = register(sm, group, ClientToken=token, ModelPackageDescription="once")
    retried = register(sm, group, ClientToken=token, ModelPackageDescription="once")
    assert retried == first
    listed = sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    assert [s["ModelPackageVersion"] for s in listed] == [1]

    response = client_error(
        sm.create_model_package,
        ModelPackageGroupName=group,
        InferenceSpecification=WIRE_SPEC,
        ModelPackageDescription="something else",
        ClientToken=token,
    )
    assert_error(response, "ConflictException")
    # A fresh token (boto3 fills one in by itself) registers the next version.
    assert register(sm, group) == f"{PACKAGE_ARN_PREFIX}{group}/2"


def test_describe_missing_package_fails(sm, group):
    register(sm, group)
    for ref in (f"{PACKAGE_ARN_PREFIX}{group}/9", f"{group}/9", unique("nothing")):
        response = client_error(sm.describe_model_package, ModelPackageName=ref)
        assert_error(response, "ValidationException", "does not exist")


def test_batch_describe_reports_found_and_missing_separately(sm, group):
    first = register(sm, group, ModelPackageDescription="one")
    second = register(sm, group, ModelApprovalStatus="Approved")
    missing = f"{PACKAGE_ARN_PREFIX}{group}/7"
    other_group = f"{PACKAGE_ARN_PREFIX}{unique('missing')}/1"
    out = sm.batch_describe_model_package(ModelPackageArnList=[first, missing, second, other_group])

    summaries = out["ModelPackageSummaries"]
    assert set(summaries) == {first, second}
    one = summaries[first]
    assert one["ModelPackageGroupName"] == group
    assert one["ModelPackageVersion"] == 1
    assert one["ModelPackageArn"] == first
    assert one["ModelPackageDescription"] == "one"
    assert one["InferenceSpecification"] == WIRE_SPEC
    assert one["ModelPackageStatus"] == "Completed"
    assert one["ModelApprovalStatus"] == "PendingManualApproval"
    assert isinstance(one["CreationTime"], datetime.datetime)
    assert summaries[second]["ModelApprovalStatus"] == "Approved"

    errors = out["BatchDescribeModelPackageErrorMap"]
    assert set(errors) == {missing, other_group}
    for error in errors.values():
        assert error["ErrorCode"]
        assert "does not exist" in error["ErrorResponse"]

