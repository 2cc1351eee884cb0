"""JSON Schema snapshots per subject and the AsyncAPI 3 document: generated, committed, compared by tests.

`python -m contracts.snapshots --write` regenerates both after a deliberate contract change.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from contracts.catalog import EVENTS
from contracts.envelope import Event, parse_subject_template
from contracts.streams import Topology, load_topology

CONTRACTS_DIR = Path(__file__).resolve().parents[2]
SCHEMA_DIR = CONTRACTS_DIR / "schemas"
ASYNCAPI_PATH = CONTRACTS_DIR / "asyncapi.json"
TOPOLOGY_PATH = CONTRACTS_DIR.parent / "deploy" / "jetstream.yaml"


def schema_file_name(event: type[Event]) -> str:
    """<owner>.<entity>.<fact>.v<N>.json: the subject without its LPSE token."""
    parts = parse_subject_template(event.subject_template)
    return f"{parts['owner']}.{parts['entity']}.{parts['fact']}.v{parts['version']}.json"


def schema_of(event: type[Event]) -> dict[str, Any]:
    """The JSON Schema of an event's payload."""
    return event.model_json_schema(mode="serialization")


def asyncapi(topology: Topology) -> dict[str, Any]:
    """An AsyncAPI 3.0 document: a channel per fact, the owner sends, each consumer receives."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event in EVENTS:
        name = event.__name__
        parts = parse_subject_template(event.subject_template)
        messages[name] = {
            "name": name,
            "title": name,
            "summary": (event.__doc__ or "").strip(),
            "contentType": "application/json",
            "payload": schema_of(event),
        }
        channel_id = f"{parts['owner']}.{parts['entity']}.{parts['fact']}.v{parts['version']}"
        channels[channel_id] = {
            "address": event.subject_template,
            "parameters": {"lpse": {"description": "LPSE tenant code, e.g. depok, banjarmasin"}},
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"{parts['owner']}.publish.{name}"] = {
            "action": "send",
            "summary": f"{parts['owner']} publishes through its transactional outbox",
            "channel": {"$ref": f"#/channels/{channel_id}"},
        }
        for consumer in topology.consumers:
            if event.subject_filter() in consumer.filter_subjects:
                operations[f"{consumer.durable}.receive.{name}"] = {
                    "action": "receive",
                    "summary": f"{consumer.service}: durable pull consumer {consumer.durable} on stream "
                    f"{consumer.stream}, in the stream's order",
                    "channel": {"$ref": f"#/channels/{channel_id}"},
                }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "LPSE account-lifecycle platform",
            "version": "1.0.0",
            "description": "Facts exchanged over NATS JetStream by registration, verification, helpdesk and notifier.",
        },
        "defaultContentType": "application/json",
        "servers": {"development": {"host": "127.0.0.1:4222", "protocol": "nats"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def render_json(data: dict[str, Any]) -> str:
    """Stable, diff-friendly JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def expected_files() -> dict[Path, str]:
    """Every committed contract artefact and its expected content."""
    files = {SCHEMA_DIR / schema_file_name(e): render_json(schema_of(e)) for e in EVENTS}
    files[ASYNCAPI_PATH] = render_json(asyncapi(load_topology(TOPOLOGY_PATH)))
    return files


def main() -> None:
    """Write (or check) the committed artefacts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write the files instead of checking them")
    args = parser.parse_args()
    stale = []
    for path, content in expected_files().items():
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(str(path))
    if stale:
        raise SystemExit("stale contract artefacts (run `make schemas`):\n" + "\n".join(stale))


if __name__ == "__main__":
    main()
