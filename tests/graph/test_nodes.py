"""Global object identification: `node(id)` and `nodes(ids)` over every Node type.

Every id used here is either obtained from the type's own root query, or is a
deliberately bad one; the GraphQL endpoint is the only thing exercised.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Gateway, calls

NODE_TYPES = """
query NodeTypes {
  __type(name: "Node") { possibleTypes { name } }
}
"""

SCHEMA_INTERFACES = """
query SchemaInterfaces {
  __schema { types { name kind interfaces { name } } }
}
"""

# Each round trip: a root query yielding one object with `id` and `...Fields`, and
# a fragment of the fields that survive a refetch; `REFETCH` selects the same by id.

REFETCH = """
query Refetch($id: ID!) {
  node(id: $id) { __typename id ...Fields }
}
"""

FETCH_WORK_ITEM = "query { workItems(first: 1) { items { id ...Fields } } }"
WORK_ITEM_FIELDS = "fragment Fields on WorkItem { title sourceId upstreamId createdAt }"

FETCH_WORK_ITEM_EVENT = "query { workItems(first: 1) { items { events { id ...Fields } } } }"
WORK_ITEM_EVENT_FIELDS = "fragment Fields on WorkItemEvent { upstreamId eventType createdAt }"

FETCH_INVENTORY_LIST = "query { inventoryLists(first: 1) { edges { node { id ...Fields } } } }"
INVENTORY_LIST_FIELDS = "fragment Fields on InventoryList { name typeRaw domainCount upstreamId }"

FETCH_INVENTORY_LIST_ITEM = """
query { inventoryLists(first: 1) { edges { node {
  items(first: 1) { edges { node { id ...Fields } } }
} } } }
"""
INVENTORY_LIST_ITEM_FIELDS = (
    "fragment Fields on InventoryListItem { url auditStatusRaw includeChildren upstreamId }"
)

FETCH_WORK_INSTANCE = (
    "query { workInstances(type: OPEN, first: 1) { edges { node { id ...Fields } } } }"
)
WORK_INSTANCE_FIELDS = "fragment Fields on WorkInstance { name upstreamId }"

FETCH_WORK_TASK = (
    "query { workInstances(type: CLOSED, first: 1) { edges { node { tasks { id ...Fields } } } } }"
)
WORK_TASK_FIELDS = "fragment Fields on WorkTask { name statusRaw upstreamId }"

FETCH_CATALOG_ITEM = 'query { catalogItems(upstreamIds: ["asset-0001"]) { id ...Fields } }'
CATALOG_ITEM_FIELDS = "fragment Fields on CatalogItem { upstreamId }"

FETCH_CATALOG_TASK = (
    'query { catalogItems(upstreamIds: ["asset-0001"]) { tasks { id ...Fields } } }'
)
CATALOG_TASK_FIELDS = (
    "fragment Fields on CatalogTask { catalogItem { upstreamId } productRaw version statusRaw }"
)

FETCH_SEND_TASK = "query { sendTasks(first: 1) { edges { node { id ...Fields } } } }"
SEND_TASK_FIELDS = "fragment Fields on SendTask { upstreamId statusRaw deliveryTypeRaw createdAt }"

FETCH_PRODUCT = "query { sendTasks(first: 1) { edges { node { product { id ...Fields } } } } }"
PRODUCT_FIELDS = "fragment Fields on Product { name upcCode statusRaw upstreamId }"

FETCH_DSP_UPLOAD_IDENTIFICATION = """
query { sendTasks(first: 1) { edges { node {
  dspUploadIdentification { id ...Fields }
} } } }
"""
DSP_UPLOAD_IDENTIFICATION_FIELDS = (
    "fragment Fields on DspUploadIdentification { dspName createdAt upstreamId }"
)

IDS_OF_SEVERAL_TYPES = """
query IdsOfSeveralTypes {
  sendTasks(first: 3) { edges { node { id product { id } } } }
  inventoryLists(first: 1) { edges { node { id } } }
}
"""

NODES = """
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) { __typename id }
}
"""

NODE = """
query Node($id: ID!) {
  node(id: $id) { __typename id }
}
"""

CATALOG_ITEM_TASKS = """
query CatalogItemTasks {
  catalogItems(upstreamIds: ["asset-0001"]) { tasks { id product version statusRaw } }
}
"""

REFETCH_CATALOG_TASK_BY_ID = """
query RefetchCatalogTask($id: ID!) {
  node(id: $id) { id ... on CatalogTask { product version statusRaw } }
}
"""

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class RoundTrip:
    type_name: str
    fetch: str
    path: Path  # where `fetch` puts the object, inside `data`
    fields: str


ROUND_TRIPS = [
    RoundTrip("WorkItem", FETCH_WORK_ITEM, ("workItems", "items", 0), WORK_ITEM_FIELDS),
    RoundTrip(
        "InventoryList",
        FETCH_INVENTORY_LIST,
        ("inventoryLists", "edges", 0, "node"),
        INVENTORY_LIST_FIELDS,
    ),
    RoundTrip(
        "InventoryListItem",
        FETCH_INVENTORY_LIST_ITEM,
        ("inventoryLists", "edges", 0, "node", "items", "edges", 0, "node"),
        INVENTORY_LIST_ITEM_FIELDS,
    ),
    RoundTrip(
        "WorkInstance",
        FETCH_WORK_INSTANCE,
        ("workInstances", "edges", 0, "node"),
        WORK_INSTANCE_FIELDS,
    ),
    RoundTrip(
        "WorkItemEvent",
        FETCH_WORK_ITEM_EVENT,
        ("workItems", "items", 0, "events", 0),
        WORK_ITEM_EVENT_FIELDS,
    ),
    RoundTrip(
        "WorkTask",
        FETCH_WORK_TASK,
        ("workInstances", "edges", 0, "node", "tasks", 0),
        WORK_TASK_FIELDS,
    ),
    RoundTrip("CatalogItem", FETCH_CATALOG_ITEM, ("catalogItems", 0), CATALOG_ITEM_FIELDS),
    RoundTrip(
        "CatalogTask", FETCH_CATALOG_TASK, ("catalogItems", 0, "tasks", 0), CATALOG_TASK_FIELDS
    ),
    RoundTrip("SendTask", FETCH_SEND_TASK, ("sendTasks", "edges", 0, "node"), SEND_TASK_FIELDS),
    RoundTrip(
        "Product", FETCH_PRODUCT, ("sendTasks", "edges", 0, "node", "product"), PRODUCT_FIELDS
    ),
    RoundTrip(
        "DspUploadIdentification",
        FETCH_DSP_UPLOAD_IDENTIFICATION,
        ("sendTasks", "edges", 0, "node", "dspUploadIdentification"),
        DSP_UPLOAD_IDENTIFICATION_FIELDS,
    ),
]
COVERED_TYPES = [case.type_name for case in ROUND_TRIPS]


def global_id(text: str) -> str:
    """An id in the Relay encoding (base64 of "Type:key"), for ids the gateway never issued."""
    return base64.b64encode(text.encode()).decode()


def dig(data: dict[str, Any], path: Path) -> Any:
    found: Any = data
    for step in path:
        found = found[step]
    return found


def upstream_calls_of(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["source"], c["path"]) for c in calls(body)]


def send_task_lookups(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in calls(body, "limbobeat") if c["path"].endswith("/send-tasks")]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def test_every_node_type_in_the_schema_has_a_round_trip_case(gateway: Gateway) -> None:
    body = await gateway.gql(NODE_TYPES)

    implementing = {t["name"] for t in body["data"]["__type"]["possibleTypes"]}
    assert implementing == set(COVERED_TYPES)


@pytest.mark.parametrize("case", ROUND_TRIPS, ids=COVERED_TYPES)
async def test_node_refetches_an_object_by_the_id_its_own_query_gave(
    gateway: Gateway, case: RoundTrip
) -> None:
    fetched = await gateway.gql(f"{case.fetch}\n{case.fields}")
    assert "errors" not in fetched, fetched["errors"]
    original: dict[str, Any] = dig(fetched["data"], case.path)
    assert all(value is not None for value in original.values()), original

    refetched = await gateway.gql(f"{REFETCH}\n{case.fields}", {"id": original["id"]})

    assert "errors" not in refetched, refetched["errors"]
    assert refetched["data"]["node"] == {"__typename": case.type_name, **original}


async def test_every_task_an_item_lists_can_be_refetched_by_its_id(gateway: Gateway) -> None:
    listed = await gateway.gql(CATALOG_ITEM_TASKS)
    tasks: list[dict[str, Any]] = listed["data"]["catalogItems"][0]["tasks"]
    assert len(tasks) > 1

    refetched = [await gateway.gql(REFETCH_CATALOG_TASK_BY_ID, {"id": t["id"]}) for t in tasks]

    assert [body.get("errors") for body in refetched] == [None] * len(tasks)
    assert [body["data"]["node"] for body in refetched] == tasks


async def test_nodes_returns_objects_of_several_types_in_the_order_given(
    gateway: Gateway,
) -> None:
    known = await gateway.gql(IDS_OF_SEVERAL_TYPES)
    first, second, third = (e["node"] for e in known["data"]["sendTasks"]["edges"])
    product_id = first["product"]["id"]
    list_id = known["data"]["inventoryLists"]["edges"][0]["node"]["id"]
    unknown = global_id("SendTask:999999")
    asked = [
        ("SendTask", first["id"]),
        ("Product", product_id),
        ("SendTask", second["id"]),
        ("InventoryList", list_id),
        ("SendTask", first["id"]),
        ("SendTask", third["id"]),
    ]

    body = await gateway.gql(NODES, {"ids": [i for _, i in asked] + [unknown]})

    assert "errors" not in body, body["errors"]
    expected = [{"__typename": t, "id": i} for t, i in asked]
    assert body["data"]["nodes"] == [*expected, None]


async def test_send_task_ids_in_nodes_cost_one_send_tasks_request(gateway: Gateway) -> None:
    known = await gateway.gql(IDS_OF_SEVERAL_TYPES)
    send_task_ids = [e["node"]["id"] for e in known["data"]["sendTasks"]["edges"]]
    list_id = known["data"]["inventoryLists"]["edges"][0]["node"]["id"]
    assert len(set(send_task_ids)) == 3

    ids = [send_task_ids[0], list_id, send_task_ids[1], send_task_ids[0], send_task_ids[2]]
    body = await gateway.gql(NODES, {"ids": ids})

    assert "errors" not in body, body["errors"]
    assert [n["id"] for n in body["data"]["nodes"]] == ids
    lookups = send_task_lookups(body)
    assert len(lookups) == 1
    assert lookups[0]["batchSize"] == 3


MALFORMED_IDS = {
    "not base64": "not-base64!!",
    "no type separator": global_id("nocolon"),
    "no type name": global_id(":1"),
    "unknown type": global_id("NoSuchType:1"),
    "root type": global_id("Query:1"),
    "object type that is not a node": global_id("PageInfo:1"),
}


@pytest.mark.parametrize("raw_id", MALFORMED_IDS.values(), ids=MALFORMED_IDS.keys())
async def test_node_refuses_a_malformed_id_as_bad_input_without_calling_upstream(
    gateway: Gateway, raw_id: str
) -> None:
    body = await gateway.gql(NODE, {"id": raw_id})

    assert body["data"] == {"node": None}
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert upstream_calls_of(body) == []


async def test_node_refuses_an_id_naming_an_interface_as_bad_input(gateway: Gateway) -> None:
    schema = await gateway.gql(SCHEMA_INTERFACES)
    interfaces = [
        t["name"]
        for t in schema["data"]["__schema"]["types"]
        if t["kind"] == "INTERFACE"
        and (t["name"] == "Node" or any(i["name"] == "Node" for i in t["interfaces"] or []))
    ]
    assert "Node" in interfaces

    answers = {name: await gateway.gql(NODE, {"id": global_id(f"{name}:1")}) for name in interfaces}

    assert {name: error_codes(body) for name, body in answers.items()} == {
        name: ["BAD_USER_INPUT"] for name in interfaces
    }
    assert {name: upstream_calls_of(body) for name, body in answers.items()} == {
        name: [] for name in interfaces
    }


async def test_nodes_is_null_at_the_index_of_a_malformed_id_with_its_error(
    gateway: Gateway,
) -> None:
    known = await gateway.gql(f"{FETCH_SEND_TASK}\n{SEND_TASK_FIELDS}")
    good = known["data"]["sendTasks"]["edges"][0]["node"]["id"]

    body = await gateway.gql(NODES, {"ids": [good, global_id("NoSuchType:1"), "%%%"]})

    found = body["data"]["nodes"]
    assert found[0]["id"] == good and found[1:] == [None, None]
    assert [(e["path"], e["extensions"]) for e in body["errors"]] == [
        (["nodes", 1], {"code": "BAD_USER_INPUT", "argument": "ids.1"}),
        (["nodes", 2], {"code": "BAD_USER_INPUT", "argument": "ids.2"}),
    ]
    assert len(send_task_lookups(body)) == 1


async def test_node_is_null_without_error_for_an_unknown_send_task(gateway: Gateway) -> None:
    body = await gateway.gql(NODE, {"id": global_id("SendTask:999999")})

    assert body["data"] == {"node": None}
    assert "errors" not in body
    assert len(send_task_lookups(body)) == 1


@pytest.mark.parametrize("type_name", COVERED_TYPES)
async def test_node_is_null_without_error_for_a_key_that_names_nothing(
    gateway: Gateway, type_name: str
) -> None:
    body = await gateway.gql(NODE, {"id": global_id(f"{type_name}:no-such-thing")})

    assert body["data"] == {"node": None}
    assert "errors" not in body, body["errors"]
