"""UpdateModelPackage and DeleteModelPackage (reference b.3, e.2, e.4, e.5)."""

import datetime

from conftest import (
    ACCESS_KEY,
    OTHER_ACCESS_KEY,
    WIRE_SPEC,
    assert_error,
    client_error,
    register,
    unique,
    wait_past,
)

EXTRA_SPEC = {
    "Name": "cpu-small",
    "Description": "a smaller image",
    "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.0-small"}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}


def test_approve_with_a_description(sm, group):
    arn = register(sm, group)
    out = sm.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="passed offline eval"
    )
    assert out["ModelPackageArn"] == arn
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["ModelApprovalStatus"] == "Approved"
    assert d["ApprovalDescription"] == "passed offline eval"
    assert d["InferenceSpecification"] == WIRE_SPEC

    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Rejected", ApprovalDescription="drift")
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["ModelApprovalStatus"] == "Rejected"
    assert d["ApprovalDescription"] == "drift"


def test_members_left_out_of_an_update_keep_their_values(sm, group):
    arn = register(
        sm,
        group,
        CustomerMetadataProperties={"git_sha": "abc1", "owner": "alice", "stale": "yes"},
        ModelLifeCycle={"Stage": "Development", "StageStatus": "InProgress"},
        SourceUri="s3://demo-bucket/churn/source.tar.gz",
    )
    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="ok by bob")

    # Only metadata changes: approval, description, lifecycle and the rest stay as they were.
    sm.update_model_package(ModelPackageArn=arn, CustomerMetadataProperties={"git_sha": "abc2", "run": "42"})
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["ModelApprovalStatus"] == "Approved"
    assert d["ApprovalDescription"] == "ok by bob"
    assert d["CustomerMetadataProperties"] == {"git_sha": "abc2", "owner": "alice", "stale": "yes", "run": "42"}
    assert d["ModelLifeCycle"] == {"Stage": "Development", "StageStatus": "InProgress"}
    assert d["SourceUri"] == "s3://demo-bucket/churn/source.tar.gz"
    assert d["InferenceSpecification"] == WIRE_SPEC

    sm.update_model_package(ModelPackageArn=arn, CustomerMetadataPropertiesToRemove=["stale", "not-there"])
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["CustomerMetadataProperties"] == {"git_sha": "abc2", "owner": "alice", "run": "42"}
    assert d["ModelApprovalStatus"] == "Approved"


def test_lifecycle_and_additional_inference_specifications(sm, group):
    arn = register(sm, group)
    lifecycle = {"Stage": "Production", "StageStatus": "Approved", "StageDescription": "serving 100%"}
    sm.update_model_package(ModelPackageArn=arn, ModelLifeCycle=lifecycle)
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["ModelLifeCycle"] == lifecycle
    summary = sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"][0]
    assert summary["ModelLifeCycle"] == lifecycle

    sm.update_model_package(ModelPackageArn=arn, AdditionalInferenceSpecificationsToAdd=[EXTRA_SPEC])
    second = dict(EXTRA_SPEC, Name="cpu-tiny")
    sm.update_model_package(ModelPackageArn=arn, AdditionalInferenceSpecificationsToAdd=[second])
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["AdditionalInferenceSpecifications"] == [EXTRA_SPEC, second]
    assert d["ModelLifeCycle"] == lifecycle


def test_last_modified_time_and_by_follow_the_signing_key(sm, sm_other, group):
    arn = register(sm, group)
    created = sm.describe_model_package(ModelPackageName=arn)
    assert created["CreatedBy"]["IamIdentity"]["PrincipalId"] == ACCESS_KEY
    wait_past(created["CreationTime"].timestamp() + 0.01)

    sm_other.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    d = sm.describe_model_package(ModelPackageName=arn)
    assert isinstance(d["LastModifiedTime"], datetime.datetime)
    assert d["LastModifiedTime"] > created["CreationTime"]
    assert d["LastModifiedBy"]["IamIdentity"]["PrincipalId"] == OTHER_ACCESS_KEY
    assert d["CreatedBy"]["IamIdentity"]["PrincipalId"] == ACCESS_KEY

    first_change = d["LastModifiedTime"]
    wait_past(first_change.timestamp() + 0.01)
    sm.update_model_package(ModelPackageArn=arn, ApprovalDescription="signed off")
    d = sm.describe_model_package(ModelPackageName=arn)
    assert d["LastModifiedTime"] > first_change
    assert d["LastModifiedBy"]["IamIdentity"]["PrincipalId"] == ACCESS_KEY


def test_group_created_by_records_the_signing_key(sm_other):
    name = unique("grp")
    sm_other.create_model_package_group(ModelPackageGroupName=name)
    d = sm_other.describe_model_package_group(ModelPackageGroupName=name)
    assert d["CreatedBy"]["IamIdentity"]["PrincipalId"] == OTHER_ACCESS_KEY


def test_invalid_approval_status_has_the_exact_aws_message(sm, group):
    arn = register(sm, group)
    response = client_error(sm.update_model_package, ModelPackageArn=arn, ModelApprovalStatus="Maybe")
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Error"]["Message"] == (
        "1 validation error detected: Value 'Maybe' at 'modelApprovalStatus' failed to satisfy constraint: "
        "Member must satisfy enum value set: [PendingManualApproval, Approved, Rejected]"
    )
    assert sm.describe_model_package(ModelPackageName=arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_update_of_a_missing_version_fails(sm, group):
    register(sm, group)
    response = client_error(
        sm.update_model_package,
        ModelPackageArn=f"arn:aws:sagemaker:us-east-1:000000000000:model-package/{group}/5",
        ModelApprovalStatus="Approved",
    )
    assert_error(response, "ValidationException", "does not exist")


def test_delete_then_numbers_are_never_reused(sm, group):
    v1 = register(sm, group)
    v2 = register(sm, group)
    deleted = sm.delete_model_package(ModelPackageName=v2)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    response = client_error(sm.describe_model_package, ModelPackageName=v2)
    assert_error(response, "ValidationException", "does not exist")
    again = client_error(sm.delete_model_package, ModelPackageName=v2)
    assert_error(again, "ValidationException", "does not exist")

    v3 = register(sm, group)
    assert v3.endswith(f"/{group}/3")
    listed = sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    assert [s["ModelPackageVersion"] for s in listed] == [1, 3]

    # Even with every version gone, the counter keeps going.
    sm.delete_model_package(ModelPackageName=v1)
    sm.delete_model_package(ModelPackageName=f"{group}/3")
    assert register(sm, group).endswith(f"/{group}/4")


def test_delete_unversioned_package_by_name(sm):
    name = unique("solo")
    arn = sm.create_model_package(ModelPackageName=name, InferenceSpecification=WIRE_SPEC)["ModelPackageArn"]
    sm.delete_model_package(ModelPackageName=name)
    response = client_error(sm.describe_model_package, ModelPackageName=arn)
    assert_error(response, "ValidationException", "does not exist")
