"""Model package groups and their resource policies, through boto3 (reference b.1, b.2, e.6)."""

import datetime
import json
import math

from conftest import (
    assert_error,
    client_error,
    register,
    unique,
    wait_past,
)

GROUP_ARN_PREFIX = "arn:aws:sagemaker:us-east-1:000000000000:model-package-group/"


def test_create_with_tags_then_describe_by_name_and_by_arn(sm):
    name = unique("grp")
    created = sm.create_model_package_group(
        ModelPackageGroupName=name,
        ModelPackageGroupDescription="Customer churn classifier",
        Tags=[{"Key": "team", "Value": "ml"}, {"Key": "sagemaker:project-name", "Value": "churn"}],
    )
    arn = created["ModelPackageGroupArn"]
    assert arn == GROUP_ARN_PREFIX + name
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert created["ResponseMetadata"]["RequestId"]

    by_name = sm.describe_model_package_group(ModelPackageGroupName=name)
    by_arn = sm.describe_model_package_group(ModelPackageGroupName=arn)
    for d in (by_name, by_arn):
        assert d["ModelPackageGroupName"] == name
        assert d["ModelPackageGroupArn"] == arn
        assert d["ModelPackageGroupDescription"] == "Customer churn classifier"
        assert d["ModelPackageGroupStatus"] == "Completed"
        assert isinstance(d["CreationTime"], datetime.datetime)
        assert d["CreationTime"].tzinfo is not None
        assert abs(d["CreationTime"].timestamp() - datetime.datetime.now().timestamp()) < 300
        assert "Tags" not in d
    assert by_name["CreationTime"] == by_arn["CreationTime"]

    tags = sm.list_tags(ResourceArn=arn)["Tags"]
    assert sorted(tags, key=lambda t: t["Key"]) == [
        {"Key": "sagemaker:project-name", "Value": "churn"},
        {"Key": "team", "Value": "ml"},
    ]


def test_duplicate_group_is_a_validation_exception(sm, group):
    response = client_error(sm.create_model_package_group, ModelPackageGroupName=group)
    assert_error(response, "ValidationException", "already exists")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_describe_missing_group_says_it_does_not_exist(sm):
    name = unique("missing")
    response = client_error(sm.describe_model_package_group, ModelPackageGroupName=name)
    assert_error(response, "ValidationException", "does not exist", name)
    response = client_error(
        sm.describe_model_package_group, ModelPackageGroupName=GROUP_ARN_PREFIX + name
    )
    assert_error(response, "ValidationException", "does not exist")


def test_invalid_group_name_is_rejected_with_the_aws_constraint_text(sm):
    response = client_error(sm.create_model_package_group, ModelPackageGroupName="bad_name")
    assert_error(
        response,
        "ValidationException",
        "1 validation error detected: Value 'bad_name' at 'modelPackageGroupName' failed to satisfy constraint",
    )


def _names(page):
    return [g["ModelPackageGroupName"] for g in page["ModelPackageGroupSummaryList"]]


def test_list_filters_and_sorts(sm):
    prefix = unique("lst")
    for suffix in ("b", "a", "c"):
        sm.create_model_package_group(
            ModelPackageGroupName=f"{prefix}-{suffix}", ModelPackageGroupDescription=f"group {suffix}"
        )
    # Groups made by other tests never match the prefix.
    default = sm.list_model_package_groups(NameContains=prefix)
    assert _names(default) == [f"{prefix}-b", f"{prefix}-a", f"{prefix}-c"]
    assert "NextToken" not in default
    summary = default["ModelPackageGroupSummaryList"][0]
    assert summary["ModelPackageGroupArn"] == GROUP_ARN_PREFIX + f"{prefix}-b"
    assert summary["ModelPackageGroupDescription"] == "group b"
    assert summary["ModelPackageGroupStatus"] == "Completed"
    assert isinstance(summary["CreationTime"], datetime.datetime)

    by_name = sm.list_model_package_groups(NameContains=prefix, SortBy="Name")
    assert _names(by_name) == [f"{prefix}-a", f"{prefix}-b", f"{prefix}-c"]
    by_name_desc = sm.list_model_package_groups(
        NameContains=prefix, SortBy="Name", SortOrder="Descending"
    )
    assert _names(by_name_desc) == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]
    by_time_desc = sm.list_model_package_groups(
        NameContains=prefix, SortBy="CreationTime", SortOrder="Descending"
    )
    assert _names(by_time_desc) == [f"{prefix}-c", f"{prefix}-a", f"{prefix}-b"]

    first = sm.list_model_package_groups(NameContains=prefix, SortBy="Name", MaxResults=2)
    assert _names(first) == [f"{prefix}-a", f"{prefix}-b"]
    second = sm.list_model_package_groups(
        NameContains=prefix, SortBy="Name", MaxResults=2, NextToken=first["NextToken"]
    )
    assert _names(second) == [f"{prefix}-c"]
    assert "NextToken" not in second


def test_list_creation_time_bounds(sm):
    prefix = unique("time")
    early = f"{prefix}-early"
    sm.create_model_package_group(ModelPackageGroupName=early)
    created = sm.describe_model_package_group(ModelPackageGroupName=early)["CreationTime"]
    # botocore sends whole seconds, so the boundary is the next whole second after the first group.
    boundary = math.floor(created.timestamp()) + 1
    wait_past(boundary + 0.05)
    late = f"{prefix}-late"
    sm.create_model_package_group(ModelPackageGroupName=late)
    at = datetime.datetime.fromtimestamp(boundary, tz=datetime.timezone.utc)

    assert _names(sm.list_model_package_groups(NameContains=prefix, CreationTimeAfter=at)) == [late]
    assert _names(sm.list_model_package_groups(NameContains=prefix, CreationTimeBefore=at)) == [early]
    hour = datetime.timedelta(hours=1)
    both = sm.list_model_package_groups(
        NameContains=prefix, CreationTimeAfter=at - hour, CreationTimeBefore=at + hour
    )
    assert _names(both) == [early, late]
    assert _names(sm.list_model_package_groups(NameContains=prefix, CreationTimeAfter=at + hour)) == []


def test_paginator_walks_more_than_100_groups(sm):
    prefix = unique("pages")
    names = [f"{prefix}-{i:03d}" for i in range(105)]
    for name in names:
        sm.create_model_package_group(ModelPackageGroupName=name)
    seen = []
    pages = 0
    paginator = sm.get_paginator("list_model_package_groups")
    for page in paginator.paginate(NameContains=prefix, SortBy="Name", PaginationConfig={"PageSize": 20}):
        pages += 1
        assert len(page["ModelPackageGroupSummaryList"]) <= 20
        seen.extend(_names(page))
    assert seen == names
    assert pages == 6
    # Without a page size the server's default page still lets the paginator see every group once.
    everything = paginator.paginate(NameContains=prefix).build_full_result()
    assert sorted(_names(everything)) == names


def test_max_results_out_of_range_is_rejected(sm):
    response = client_error(sm.list_model_package_groups, MaxResults=101)
    assert_error(
        response,
        "ValidationException",
        "1 validation error detected: ",
        "at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    )


def test_delete_is_refused_while_versions_remain_and_works_when_empty(sm, group):
    arn = sm.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "owner", "Value": "alice"}])
    version = register(sm, group)

    response = client_error(sm.delete_model_package_group, ModelPackageGroupName=group)
    assert_error(response, "ConflictException")
    assert sm.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupName"] == group

    sm.delete_model_package(ModelPackageName=version)
    deleted = sm.delete_model_package_group(ModelPackageGroupName=arn)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    response = client_error(sm.describe_model_package_group, ModelPackageGroupName=group)
    assert_error(response, "ValidationException", "does not exist")

    # A new group of the same name starts clean: the old tags went with the old group.
    sm.create_model_package_group(ModelPackageGroupName=group)
    assert sm.list_tags(ResourceArn=arn)["Tags"] == []


def test_delete_missing_group_fails(sm):
    response = client_error(sm.delete_model_package_group, ModelPackageGroupName=unique("missing"))
    assert_error(response, "ValidationException", "does not exist")


def test_resource_policy_round_trip(sm, group):
    arn = GROUP_ARN_PREFIX + group
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ShareWithProd",
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Action": ["sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"],
                    "Resource": [arn, f"arn:aws:sagemaker:us-east-1:000000000000:model-package/{group}/*"],
                }
            ],
        },
        indent=2,
    )
    put = sm.put_model_package_group_policy(ModelPackageGroupName=group, ResourcePolicy=policy)
    assert put["ModelPackageGroupArn"] == arn
    assert sm.get_model_package_group_policy(ModelPackageGroupName=group)["ResourcePolicy"] == policy

    replacement = json.dumps({"Version": "2012-10-17", "Statement": []})
    sm.put_model_package_group_policy(ModelPackageGroupName=group, ResourcePolicy=replacement)
    assert sm.get_model_package_group_policy(ModelPackageGroupName=group)["ResourcePolicy"] == replacement

    deleted = sm.delete_model_package_group_policy(ModelPackageGroupName=group)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    response = client_error(sm.get_model_package_group_policy, ModelPackageGroupName=group)
    assert response["Error"]["Code"] == "ValidationException"


def test_policy_on_missing_group_fails(sm):
    response = client_error(
        sm.put_model_package_group_policy,
        ModelPackageGroupName=unique("missing"),
        ResourcePolicy="{}",
    )
    assert_error(response, "ValidationException", "does not exist")
