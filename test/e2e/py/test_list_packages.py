"""ListModelPackages: filters, order and pagination (reference b.3, d, e.7, g)."""

import datetime
from concurrent.futures import ThreadPoolExecutor

from conftest import (
    WIRE_SPEC,
    assert_error,
    client_error,
    make_client,
    register,
    unique,
)


def _versions(page):
    return [s["ModelPackageVersion"] for s in page["ModelPackageSummaryList"]]


def test_list_by_name_and_by_arn_with_approval_filter_and_order(sm, group):
    for n in range(1, 6):
        register(sm, group, ModelApprovalStatus="Approved" if n % 2 == 0 else "PendingManualApproval")
    group_arn = sm.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]

    by_name = sm.list_model_packages(ModelPackageGroupName=group)
    by_arn = sm.list_model_packages(ModelPackageGroupName=group_arn)
    assert _versions(by_name) == [1, 2, 3, 4, 5]
    assert _versions(by_arn) == [1, 2, 3, 4, 5]
    assert "NextToken" not in by_name

    summary = by_name["ModelPackageSummaryList"][1]
    assert summary["ModelPackageGroupName"] == group
    assert summary["ModelPackageArn"] == f"arn:aws:sagemaker:us-east-1:000000000000:model-package/{group}/2"
    assert summary["ModelPackageStatus"] == "Completed"
    assert summary["ModelApprovalStatus"] == "Approved"
    assert isinstance(summary["CreationTime"], datetime.datetime)
    # Versions are summarised by group and number, without a package name (reference e.3).
    assert "ModelPackageName" not in summary

    approved = sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved")
    assert _versions(approved) == [2, 4]
    assert {s["ModelApprovalStatus"] for s in approved["ModelPackageSummaryList"]} == {"Approved"}
    pending = sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="PendingManualApproval")
    assert _versions(pending) == [1, 3, 5]
    assert sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Rejected")[
        "ModelPackageSummaryList"
    ] == []

    newest_first = sm.list_model_packages(ModelPackageGroupName=group, SortOrder="Descending")
    assert _versions(newest_first) == [5, 4, 3, 2, 1]

    page1 = sm.list_model_packages(ModelPackageGroupName=group, SortOrder="Descending", MaxResults=2)
    assert _versions(page1) == [5, 4]
    page2 = sm.list_model_packages(
        ModelPackageGroupName=group, SortOrder="Descending", MaxResults=2, NextToken=page1["NextToken"]
    )
    assert _versions(page2) == [3, 2]


def test_list_in_a_missing_group_is_empty(sm):
    # ListModelPackages filters by group; a group that does not exist matches nothing (not an error).
    out = sm.list_model_packages(ModelPackageGroupName=unique("missing"))
    assert out["ModelPackageSummaryList"] == []
    assert "NextToken" not in out


def test_paginator_walks_260_versions_without_repeats(sm, group):
    # Registered from 8 threads at once (each with its own client): numbers stay gapless and unique.
    def work(_):
        client = make_client()
        return [register(client, group) for _ in range(26)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        arns = [arn for batch in pool.map(work, range(10)) for arn in batch]
    assert sorted(int(a.rsplit("/", 1)[1]) for a in arns) == list(range(1, 261))

    paginator = sm.get_paginator("list_model_packages")
    seen = []
    pages = 0
    for page in paginator.paginate(ModelPackageGroupName=group, PaginationConfig={"PageSize": 25}):
        pages += 1
        assert len(page["ModelPackageSummaryList"]) <= 25
        seen.extend(_versions(page))
    assert seen == list(range(1, 261))
    assert pages == 11

    descending = paginator.paginate(
        ModelPackageGroupName=group, SortOrder="Descending", PaginationConfig={"PageSize": 100}
    ).build_full_result()
    assert _versions(descending) == list(range(260, 0, -1))

    # MaxItems stops early and hands back a resume token that continues exactly where it stopped.
    head = paginator.paginate(
        ModelPackageGroupName=group, PaginationConfig={"PageSize": 30, "MaxItems": 45}
    ).build_full_result()
    assert _versions(head) == list(range(1, 46))
    tail = paginator.paginate(
        ModelPackageGroupName=group,
        PaginationConfig={"PageSize": 30, "StartingToken": head["NextToken"]},
    ).build_full_result()
    assert _versions(tail) == list(range(46, 261))


def test_a_token_reused_with_other_filters_is_refused(sm, group):
    for _ in range(3):
        register(sm, group)
    first = sm.list_model_packages(ModelPackageGroupName=group, MaxResults=1)
    assert "NextToken" in first
    response = client_error(
        sm.list_model_packages,
        ModelPackageGroupName=group,
        ModelApprovalStatus="Approved",
        MaxResults=1,
        NextToken=first["NextToken"],
    )
    assert response["Error"]["Code"] == "ValidationException"
    garbage = client_error(sm.list_model_packages, ModelPackageGroupName=group, NextToken="not-a-token")
    assert garbage["Error"]["Code"] == "ValidationException"


def test_name_contains_and_package_type(sm):
    prefix = unique("kind")
    groups = [f"{prefix}-g{i}" for i in range(2)]
    for g in groups:
        sm.create_model_package_group(ModelPackageGroupName=g)
        register(sm, g)
    solos = [f"{prefix}-solo{i}" for i in range(2)]
    for name in solos:
        sm.create_model_package(ModelPackageName=name, InferenceSpecification=WIRE_SPEC)

    # Without a group the default type is Unversioned (reference d).
    default = sm.list_model_packages(NameContains=prefix)["ModelPackageSummaryList"]
    assert [s["ModelPackageName"] for s in default] == solos
    for s in default:
        assert "ModelPackageVersion" not in s
        assert "ModelApprovalStatus" not in s

    unversioned = sm.list_model_packages(NameContains=prefix, ModelPackageType="Unversioned")
    assert [s["ModelPackageName"] for s in unversioned["ModelPackageSummaryList"]] == solos

    versioned = sm.list_model_packages(NameContains=prefix, ModelPackageType="Versioned")
    assert [(s["ModelPackageGroupName"], s["ModelPackageVersion"]) for s in versioned["ModelPackageSummaryList"]] == [
        (g, 1) for g in groups
    ]

    both = sm.list_model_packages(NameContains=prefix, ModelPackageType="Both", SortBy="Name")
    assert len(both["ModelPackageSummaryList"]) == 4

    narrow = sm.list_model_packages(NameContains=f"{prefix}-solo1")["ModelPackageSummaryList"]
    assert [s["ModelPackageName"] for s in narrow] == [solos[1]]

    by_name_desc = sm.list_model_packages(NameContains=prefix, SortBy="Name", SortOrder="Descending")
    assert [s["ModelPackageName"] for s in by_name_desc["ModelPackageSummaryList"]] == solos[::-1]


def test_invalid_filter_values_are_rejected(sm, group):
    response = client_error(sm.list_model_packages, ModelPackageGroupName=group, ModelApprovalStatus="Maybe")
    assert_error(
        response,
        "ValidationException",
        "1 validation error detected: Value 'Maybe' at 'modelApprovalStatus' failed to satisfy constraint: "
        "Member must satisfy enum value set: [PendingManualApproval, Approved, Rejected]",
    )
