"""AddTags, ListTags and DeleteTags on groups, versions and unversioned packages (reference b.4)."""

import pytest

from conftest import WIRE_SPEC, assert_error, client_error, register, unique


def _sorted(tags):
    return sorted(tags, key=lambda t: t["Key"])


@pytest.fixture(params=["group", "version", "unversioned"])
def resource_arn(request, sm, group):
    if request.param == "group":
        return sm.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]
    if request.param == "version":
        return register(sm, group)
    return sm.create_model_package(ModelPackageName=unique("solo"), InferenceSpecification=WIRE_SPEC)[
        "ModelPackageArn"
    ]


def test_add_list_overwrite_and_delete(sm, resource_arn):
    assert sm.list_tags(ResourceArn=resource_arn)["Tags"] == []
    added = sm.add_tags(
        ResourceArn=resource_arn,
        Tags=[{"Key": "team", "Value": "risk"}, {"Key": "sagemaker:collection", "Value": "true"}],
    )
    assert _sorted(added["Tags"]) == [
        {"Key": "sagemaker:collection", "Value": "true"},
        {"Key": "team", "Value": "risk"},
    ]
    # An existing key is overwritten, not duplicated.
    sm.add_tags(ResourceArn=resource_arn, Tags=[{"Key": "team", "Value": "fraud"}, {"Key": "env", "Value": ""}])
    assert _sorted(sm.list_tags(ResourceArn=resource_arn)["Tags"]) == [
        {"Key": "env", "Value": ""},
        {"Key": "sagemaker:collection", "Value": "true"},
        {"Key": "team", "Value": "fraud"},
    ]
    deleted = sm.delete_tags(ResourceArn=resource_arn, TagKeys=["team", "absent"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _sorted(sm.list_tags(ResourceArn=resource_arn)["Tags"]) == [
        {"Key": "env", "Value": ""},
        {"Key": "sagemaker:collection", "Value": "true"},
    ]


def test_more_than_50_tags_in_total_is_refused(sm, resource_arn):
    sm.add_tags(ResourceArn=resource_arn, Tags=[{"Key": f"k{i:02d}", "Value": str(i)} for i in range(45)])
    # Overwriting existing keys does not count twice.
    sm.add_tags(ResourceArn=resource_arn, Tags=[{"Key": f"k{i:02d}", "Value": "x"} for i in range(40, 50)])
    assert len(sm.list_tags(ResourceArn=resource_arn)["Tags"]) == 50
    response = client_error(sm.add_tags, ResourceArn=resource_arn, Tags=[{"Key": "one-too-many", "Value": "x"}])
    assert response["Error"]["Code"] == "ValidationException"
    tags = sm.list_tags(ResourceArn=resource_arn)["Tags"]
    assert len(tags) == 50
    assert "one-too-many" not in {t["Key"] for t in tags}


def test_list_tags_paginates(sm, resource_arn):
    sm.add_tags(ResourceArn=resource_arn, Tags=[{"Key": f"k{i:02d}", "Value": str(i)} for i in range(50)])
    paginator = sm.get_paginator("list_tags")
    keys = []
    for page in paginator.paginate(ResourceArn=resource_arn, PaginationConfig={"PageSize": 50}):
        keys.extend(t["Key"] for t in page["Tags"])
    assert sorted(keys) == [f"k{i:02d}" for i in range(50)]
    assert len(keys) == 50


def test_tags_on_missing_resources_fail(sm, group):
    missing_group = f"arn:aws:sagemaker:us-east-1:000000000000:model-package-group/{unique('missing')}"
    missing_version = f"arn:aws:sagemaker:us-east-1:000000000000:model-package/{group}/3"
    for arn in (missing_group, missing_version):
        response = client_error(sm.add_tags, ResourceArn=arn, Tags=[{"Key": "a", "Value": "b"}])
        assert_error(response, "ValidationException", "does not exist")
        response = client_error(sm.list_tags, ResourceArn=arn)
        assert_error(response, "ValidationException", "does not exist")


def test_invalid_tag_key_is_rejected(sm, group):
    arn = sm.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]
    response = client_error(sm.add_tags, ResourceArn=arn, Tags=[{"Key": "bad#key", "Value": "x"}])
    assert response["Error"]["Code"] == "ValidationException"
    assert sm.list_tags(ResourceArn=arn)["Tags"] == []
