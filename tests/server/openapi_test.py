#!/usr/bin/env python3
"""server_openapi_test: every example in /v1/openapi.json, and a live response
from every route, validates against the document's own schemas.

Usage: openapi_test.py ODENEK_CLI SOURCE_DIR. Exits 77 (skipped) without the
jsonschema module (Debian: python3-jsonschema)."""
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

try:
    import jsonschema
except ImportError:
    print("jsonschema is not installed (apt-get install python3-jsonschema): skipped")
    sys.exit(77)

cli, source = sys.argv[1], sys.argv[2]
server = subprocess.Popen([cli, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
                           "--reform", f"oran50={source}/tests/simulate/data/reform_oran_50.yaml",
                           "--admin-token", "t0ken"],
                          stdout=subprocess.PIPE, text=True)
line = server.stdout.readline()
port = int(line.split("127.0.0.1:")[1].split()[0])
base = f"http://127.0.0.1:{port}"
failures = []


def request(method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body.encode() if body is not None else None,
                                 method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


_, _, text = request("GET", "/v1/openapi.json")
spec = json.loads(text)
components = spec["components"]


def validate(instance, schema, where):
    wrapped = {"$schema": "https://json-schema.org/draft/2020-12/schema",
               "allOf": [schema], "components": components}
    try:
        jsonschema.Draft202012Validator(wrapped).validate(instance)
    except jsonschema.ValidationError as e:
        failures.append(f"{where}: {e.message} at {list(e.absolute_path)}")


# 1. The document's own examples.
examples = 0
for path, item in spec["paths"].items():
    for method, op in item.items():
        for status, response in op["responses"].items():
            for ctype, media in response.get("content", {}).items():
                if "example" in media:
                    examples += 1
                    validate(media["example"], media["schema"], f"example {method} {path} {status}")
assert examples >= 15, examples


def schema_for(method, path, status, ctype="application/json"):
    if method not in spec["paths"][path]:  # 405: documented under the right method
        method = next(iter(spec["paths"][path]))
    return spec["paths"][path][method]["responses"][str(status)]["content"][ctype]["schema"]


claim = json.dumps({"id": "ORNEK-IO-1", "fesih_tarihi": "2023-10-31", "fesih_neden_kodu": 4,
                    "basvuru_tarihi": "2023-11-05", "son_120_gun_hizmet_akdi": True,
                    "prim_gun_3_yil": 720, "kazanc_son_4_ay": "300000.00", "gun_son_4_ay": 120})
red = json.dumps({"id": "RED", "fesih_tarihi": "2023-05-31", "fesih_neden_kodu": 3,
                  "basvuru_tarihi": "2023-06-05", "son_120_gun_hizmet_akdi": True,
                  "prim_gun_3_yil": 540, "kazanc_son_4_ay": "60000.00", "gun_son_4_ay": 120})
auth = {"Authorization": "Bearer t0ken"}
# 2. Live: (method, request path, body, headers, documented path, expected status).
live = [
    ("post", "/v1/check", claim, {}, "/v1/check", 200),
    ("post", "/v1/check?why_not=1&program=issizlik_odenegi", "[%s,%s]" % (claim, red), {}, "/v1/check", 200),
    ("post", "/v1/check?scenario=oran50", claim, {}, "/v1/check", 200),
    ("post", "/v1/check", "{", {}, "/v1/check", 400),
    ("post", "/v1/check?program=issizlik", claim, {}, "/v1/check", 404),
    ("get", "/v1/check", None, {}, "/v1/check", 405),
    ("post", "/v1/explain?program=issizlik_odenegi", red, {}, "/v1/explain", 200),
    ("get", "/v1/programs", None, {}, "/v1/programs", 200),
    ("get", "/v1/programs/issizlik_odenegi", None, {}, "/v1/programs/{id}", 200),
    ("get", "/v1/programs/issizlik", None, {}, "/v1/programs/{id}", 404),
    ("get", "/v1/parameters", None, {}, "/v1/parameters", 200),
    ("get", "/v1/parameters/issizlik_odenegi.asgari_prim_gun?date=2023-06-30", None, {}, "/v1/parameters/{name}", 200),
    ("get", "/v1/parameters/issizlik_odenegi.asgari_prim_gun?date=1999-01-01", None, {}, "/v1/parameters/{name}", 200),
    ("get", "/v1/parameters/nope?date=2023-06-30", None, {}, "/v1/parameters/{name}", 404),
    ("get", "/v1/parameters/issizlik_odenegi.asgari_prim_gun?date=x", None, {}, "/v1/parameters/{name}", 400),
    ("get", "/healthz", None, {}, "/healthz", 200),
    ("get", "/readyz", None, {}, "/readyz", 200),
    ("get", "/v1/openapi.json", None, {}, "/v1/openapi.json", 200),
    ("post", "/v1/admin/reload", "", {}, "/v1/admin/reload", 401),
    ("post", "/v1/admin/reload", "", auth, "/v1/admin/reload", 200),
    ("post", "/v1/simulate", "", {}, "/v1/simulate", 415),
]
for method, target, body, headers, documented, status in live:
    got, response_headers, text = request(method.upper(), target, body, headers)
    where = f"live {method.upper()} {target}"
    if got != status:
        failures.append(f"{where}: status {got}, expected {status}: {text[:200]}")
        continue
    if not response_headers.get("X-Odenek-Rules-Hash", "").startswith("sha256:"):
        failures.append(f"{where}: no X-Odenek-Rules-Hash")
    validate(json.loads(text), schema_for(method, documented, status), where)

# The simulate stream: each line a SimulateLine, the summary last.
with open(f"{source}/tests/simulate/data/history.jsonl") as f:
    body = f.read() + "{\"id\": \"BAD\", \"fesih_tarihi\": \"2023-02-30\"}\nnot json\n"
got, _, text = request("POST", "/v1/simulate", body, {"Content-Type": "application/x-ndjson"})
lines = [json.loads(l) for l in text.splitlines()]
if got != 200 or "summary" not in lines[-1]:
    failures.append(f"simulate: status {got}, last line {text.splitlines()[-1][:200]}")
if not any("error" in l for l in lines):
    failures.append("simulate: no inline error line for the bad records")
for i, l in enumerate(lines):
    validate(l, schema_for("post", "/v1/simulate", 200, "application/x-ndjson"), f"simulate line {i + 1}")

server.send_signal(signal.SIGTERM)
code = server.wait(timeout=20)
if code != 0:
    failures.append(f"exit code after SIGTERM: {code}")
for f in failures:
    print("FAIL:", f)
print(f"{examples} examples, {len(live) + 1} live responses checked, {len(failures)} failures")
sys.exit(1 if failures else 0)
