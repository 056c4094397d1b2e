#!/usr/bin/env python3
"""Writes server/assets/openapi.json, the OpenAPI 3.1 document `odenek serve`
serves at /v1/openapi.json. Edit this file, run it, commit both:
    python3 server/openapi.py > server/assets/openapi.json
tests/server/openapi_test.py validates every example here and live responses
against these schemas."""
import json

HASH = "sha256:936908c7a93559b83ef1639f9fabf3bf6647b1be687544e8a66e1da4eb5bbbd4"
ref = lambda name: {"$ref": f"#/components/schemas/{name}"}
string = {"type": "string"}

RESULT_EXAMPLE = {
    "id": "ORNEK-IO-1", "program": "issizlik_odenegi", "status": "eligible", "eligible": True,
    "reasons": [], "missing": [], "rules_hash": HASH,
    "values": {"sure_gun": 180, "gunluk_brut": "357.72", "aylik_brut": "10731.60",
               "damga_vergisi": "81.45", "aylik_net": "10650.15"},
    "payments": [{"month": "2023-11", "from": "2023-11-05", "days": 30, "gross": "10731.60",
                  "stamp_tax": "81.45", "net": "10650.15"}]}
INELIGIBLE_EXAMPLE = {
    "id": "ORNEK-IO-RED", "program": "issizlik_odenegi", "status": "ineligible", "eligible": False,
    "reasons": [{"rule": "prim_600_gun",
                 "message": "Fesihten önceki son 3 yılda en az 600 gün işsizlik sigortası primi ödenmiş olmalı",
                 "reference": "4447 s.K. m.50/1"}],
    "missing": [], "rules_hash": HASH, "values": {}, "payments": [],
    "why_not": [{"condition": "prim_600_gun",
                 "message": "Fesihten önceki son 3 yılda en az 600 gün işsizlik sigortası primi ödenmiş olmalı",
                 "reference": "4447 s.K. m.50/1",
                 "comparison": "prim_gun_3_yil >= issizlik_odenegi.asgari_prim_gun @ fesih_tarihi",
                 "values": {"prim_gun_3_yil": "540", "fesih_tarihi": "2023-05-31"},
                 "parameters": [{"name": "issizlik_odenegi.asgari_prim_gun", "on_date": "2023-05-31",
                                 "value": "600", "effective_from": "2000-06-01"}],
                 "failed": "prim_gun_3_yil 540 < 600",
                 "change": {"name": "prim_gun_3_yil", "from": "540", "relation": ">=", "to": "600",
                            "by": "60", "unit": "gun",
                            "text": "prim_gun_3_yil 540 < 600: 60 gün daha olsaydı bu koşul sağlanırdı (4447 s.K. m.50/1)"}}]}
EXPLAIN_EXAMPLE = dict(INELIGIBLE_EXAMPLE, explanation=[
    {"kind": "input", "name": "prim_gun_3_yil", "formula": "", "value": "540", "known": True,
     "given": False, "reference": "", "uses": [], "effective_from": "", "on_date": "", "place": ""}])
ERROR_EXAMPLE = {"error": {"status": 400, "code": "malformed_json",
                           "message": "parse error at line 1, column 32: syntax error while parsing object - unexpected string literal; expected '}'",
                           "pointer": "/0/primler/0/ay", "expected": "'}'"}}
NOT_FOUND_EXAMPLE = {"error": {"status": 404, "code": "unknown_program",
                               "message": "unknown programme \"issizlik_odeneg\"",
                               "did_you_mean": "issizlik_odenegi"}}
PROGRAM_EXAMPLE = {
    "id": "issizlik_odenegi", "title": "İşsizlik ödeneği", "reference": "4447 s.K. m.46-51",
    "description": "Kendi istek ve kusuru dışında işini kaybeden sigortalıya ödenen aylık ödenek.",
    "inputs": [{"name": "fesih_tarihi", "type": "date", "description": "Hizmet akdinin sona erdiği tarih", "derived": True},
               {"name": "primler", "type": "list", "description": "Aylık prim ve hizmet belgeleri", "derived": False,
                "fields": [{"name": "ay", "type": "month", "description": "Ay", "derived": False}]}],
    "conditions": [{"id": "prim_600_gun", "message": "Son 3 yılda en az 600 gün prim gerekir", "reference": "4447 s.K. m.50/1"}],
    "outputs": ["sure_gun", "gunluk_brut", "aylik_brut", "damga_vergisi", "aylik_net"]}
PARAMETER_EXAMPLE = {
    "name": "issizlik_odenegi.asgari_prim_gun", "kind": "number", "unit": "gun",
    "description": "Fesihten önceki son 3 yılda asgari işsizlik sigortası prim günü",
    "reference": "4447 s.K. m.50/1", "end": "",
    "values": [{"from": "2000-06-01", "value": "600", "reference": ""}],
    "date": "2023-06-30", "value_on_date": {"from": "2000-06-01", "value": "600", "reference": ""}}

schemas = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "code", "message"],
        "properties": {
            "status": {"type": "integer"}, "code": string, "message": string,
            "pointer": {"type": "string", "description": "RFC 6901 JSON pointer into the body"},
            "expected": {"type": "string", "description": "what the parser expected there"},
            "did_you_mean": string, "parameter": {"type": "string", "description": "the query parameter at fault"},
            "rules_hash": string}}}},
    "Reason": {"type": "object", "required": ["rule", "message", "reference"],
               "properties": {"rule": string, "message": string, "reference": string},
               "additionalProperties": False},
    "Payment": {"type": "object", "required": ["month", "days", "gross", "stamp_tax", "net"],
                "properties": {"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                               "from": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                               "days": {"type": "integer"},
                               "gross": ref("Money"), "stamp_tax": ref("Money"), "net": ref("Money")}},
    "Money": {"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$", "description": "TL, exactly 2 decimals"},
    "Result": {"type": "object", "description": "CONTRACT §4: one programme's decision for one claim",
               "required": ["id", "program", "status", "eligible", "reasons", "missing", "rules_hash", "values"],
               "properties": {
                   "id": string, "program": string,
                   "status": {"enum": ["eligible", "ineligible", "undetermined"]},
                   "eligible": {"type": "boolean"},
                   "reasons": {"type": "array", "items": ref("Reason")},
                   "missing": {"type": "array", "items": string},
                   "rules_hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                   "values": {"type": "object", "additionalProperties": {"type": ["string", "integer", "number", "boolean"]}},
                   "payments": {"type": "array", "items": ref("Payment")},
                   "warnings": {"type": "array", "items": string,
                                "description": "A parameter read after the last day its values are known (known_until): the latest value was used. Present only when not empty."},
                   "explanation": {"type": "array", "items": ref("ExplanationStep")},
                   "why_not": {"type": "array", "items": ref("WhyNot")}}},
    "Results": {"type": "array", "items": ref("Result")},
    "ExplanationStep": {"type": "object", "required": ["kind", "name", "value", "known"],
                        "properties": {"kind": {"enum": ["input", "variable", "condition", "parameter"]},
                                       "name": string, "formula": string, "value": string,
                                       "known": {"type": "boolean"}, "given": {"type": "boolean"},
                                       "reference": string, "uses": {"type": "array", "items": string},
                                       "effective_from": string, "on_date": string, "place": string,
                                       "roundings": {"type": "array", "items": {"type": "object"}}}},
    "WhyNot": {"type": "object", "required": ["condition", "message", "reference"],
               "properties": {"condition": string, "message": string, "reference": string,
                              "comparison": string,
                              "values": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
                              "parameters": {"type": "array", "items": {"type": "object"}},
                              "failed": {"type": ["string", "null"]},
                              "change": {"type": ["object", "null"], "properties": {
                                  "name": string, "from": string, "relation": string, "to": string,
                                  "by": string, "unit": string, "text": string}}}},
    "Input": {"type": "object", "required": ["name", "type", "description", "derived"],
              "properties": {"name": string, "type": string, "description": string,
                             "unit": {"type": "string", "description": "TL, gün, saat or empty"},
                             "min": {"type": ["string", "null"], "description": "inclusive bound, exact text; null when none"},
                             "max": {"type": ["string", "null"], "description": "inclusive bound, exact text; null when none"},
                             "derived": {"type": "boolean", "description": "also computed from other inputs when not given"},
                             "fields": {"type": "array", "items": ref("Input")}}},
    "Condition": {"type": "object", "required": ["id", "message", "reference"],
                  "properties": {"id": string, "message": string, "reference": string}},
    "Program": {"type": "object", "required": ["id", "title", "reference", "inputs", "conditions", "outputs"],
                "properties": {"id": string, "title": string, "reference": string, "description": string,
                               "inputs": {"type": "array", "items": ref("Input")},
                               "conditions": {"type": "array", "items": ref("Condition")},
                               "outputs": {"type": "array", "items": string},
                               "output_types": {"type": "array", "items": {"type": "object", "required": ["name", "type"],
                                   "properties": {"name": string, "type": string, "description": string,
                                                  "reference": string, "optional": {"type": "boolean"}}}}}},
    "ParameterValue": {"type": "object", "required": ["from", "value"],
                       "properties": {"from": string, "value": string, "reference": string}},
    "Parameter": {"type": "object", "required": ["name", "kind", "unit", "values"],
                  "properties": {"name": string, "kind": {"enum": ["number", "set", "scale"]},
                                 "unit": string, "description": string, "reference": string, "end": string,
                                 "values": {"type": "array", "items": ref("ParameterValue")},
                                 "date": string,
                                 "value_on_date": {"oneOf": [ref("ParameterValue"), {"type": "null"}]}}},
    "SimulateLine": {"description": "One line of the JSONL stream: a result, an error (a bad record, or fatal), or the summary (last).",
                     "oneOf": [ref("Result"),
                               {"type": "object", "required": ["error"], "properties": {"error": {"type": "object"}}},
                               {"type": "object", "required": ["summary"], "properties": {"summary": {"type": "object"}}}]},
}

def json_response(description, schema_name, example):
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema_name), "example": example}}}

def errors(*codes):
    texts = {400: "Malformed body or query (with a JSON pointer and what was expected)",
             401: "Missing or wrong bearer token", 403: "Reload over HTTP is off (no --admin-token)",
             404: "Unknown route, programme, scenario or parameter (with did_you_mean)",
             405: "Wrong method (Allow names the right one)", 413: "Body over --max-body, or too many claims",
             414: "URL too long", 415: "Unknown simulate body format", 422: "Reload failed; the old rules stay",
             431: "Headers too large", 503: "Draining, busy, or over the connection cap"}
    out = {}
    for c in codes:
        example = NOT_FOUND_EXAMPLE if c == 404 else {"error": {"status": c, "code": "example", "message": texts[c]}}
        if c == 400:
            example = ERROR_EXAMPLE
        out[str(c)] = json_response(texts[c], "Error", example)
    return out

claim_body = {"required": True, "content": {"application/json": {
    "schema": {"oneOf": [{"type": "object", "required": ["id"]},
                         {"type": "array", "items": {"type": "object", "required": ["id"]}}]},
    "example": {"id": "ORNEK-IO-1", "fesih_tarihi": "2023-10-31", "fesih_neden_kodu": 4,
                "basvuru_tarihi": "2023-11-05", "son_120_gun_hizmet_akdi": True,
                "prim_gun_3_yil": 720, "kazanc_son_4_ay": "300000.00", "gun_son_4_ay": 120}}}}
q = lambda name, desc, **extra: dict({"name": name, "in": "query", "required": False,
                                      "description": desc, "schema": {"type": "string"}}, **extra)
check_params = [q("program", "evaluate only this programme (default: basvuru.program, else every programme the claim has inputs for)"),
                q("date", "read every parameter as in force on this date (YYYY-MM-DD)"),
                q("scenario", "evaluate under this reform (--reform NAME=FILE)"),
                q("why_not", "1: add why_not (what failed and the single change that would flip it)")]

paths = {
    "/v1/check": {"post": {
        "summary": "Evaluate one claim, or an array of at most --max-claims (default 1000)",
        "description": "The response is byte for byte what `odenek check --format json` prints (CONTRACT §4).",
        "parameters": check_params, "requestBody": claim_body,
        "responses": dict({"200": json_response("Results, one per claim and programme, in input order", "Results",
                                                [RESULT_EXAMPLE, INELIGIBLE_EXAMPLE])}, **errors(400, 404, 405, 413))}},
    "/v1/explain": {"post": {
        "summary": "Evaluate with every step: the explanation and the why-not",
        "description": "The bytes of `odenek explain --format json`.",
        "parameters": check_params[:3], "requestBody": claim_body,
        "responses": dict({"200": json_response("Results with explanation and why_not", "Results", [EXPLAIN_EXAMPLE])},
                          **errors(400, 404, 413))}},
    "/v1/simulate": {"post": {
        "summary": "Bulk: a JSONL or CSV body in, JSONL results streamed out (chunked)",
        "description": "Lines: one result per claim and programme in input order; a bad record as {\"error\": {record, line, id, message}} in its place; the summary ({\"summary\": ...}, SummaryToJson) last. A run that cannot go on ends with {\"error\": {\"fatal\": true, ...}} instead of the summary. Body limit: --max-simulate-body (default 256 MiB).",
        "parameters": [q("format", "csv or jsonl (default: from Content-Type: text/csv, application/x-ndjson)"),
                       q("program", "a programme to evaluate (repeatable)"), check_params[1], check_params[2],
                       q("allow_unknown", "1: skip unknown columns and keys")],
        "requestBody": {"required": True, "content": {
            "application/x-ndjson": {"schema": string, "example": "{\"id\": \"B-1\", \"fesih_tarihi\": \"2023-06-30\"}\n"},
            "text/csv": {"schema": string, "example": "id,fesih_tarihi\nB-1,2023-06-30\n"}}},
        "responses": dict({"200": {"description": "JSONL stream", "content": {"application/x-ndjson": {
            "schema": ref("SimulateLine"), "example": RESULT_EXAMPLE}}}},
                          **errors(400, 404, 413, 415, 503))}},
    "/v1/programs": {"get": {"summary": "Every programme: inputs with types and descriptions, conditions with articles, outputs",
                             "responses": {"200": {"description": "Programmes", "content": {"application/json": {
                                 "schema": {"type": "array", "items": ref("Program")}, "example": [PROGRAM_EXAMPLE]}}}}}},
    "/v1/programs/{id}": {"get": {"summary": "One programme",
                                  "parameters": [{"name": "id", "in": "path", "required": True, "schema": string}],
                                  "responses": dict({"200": json_response("The programme", "Program", PROGRAM_EXAMPLE)},
                                                    **errors(404))}},
    "/v1/parameters": {"get": {"summary": "Every parameter with its value history",
                               "responses": {"200": {"description": "Parameters", "content": {"application/json": {
                                   "schema": {"type": "array", "items": ref("Parameter")},
                                   "example": [{k: v for k, v in PARAMETER_EXAMPLE.items() if k not in ("date", "value_on_date")}]}}}}}},
    "/v1/parameters/{name}": {"get": {"summary": "One parameter; with ?date= also the value in force that day",
                                      "parameters": [{"name": "name", "in": "path", "required": True, "schema": string},
                                                     q("date", "YYYY-MM-DD")],
                                      "responses": dict({"200": json_response("The parameter", "Parameter", PARAMETER_EXAMPLE)},
                                                        **errors(400, 404))}},
    "/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1",
                                                                                    "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    "/v1/admin/reload": {"post": {
        "summary": "Reload the rules atomically (requests in flight finish on the old ones)",
        "description": "Only with --admin-token; send Authorization: Bearer TOKEN. SIGHUP does the same.",
        "security": [{"bearer": []}],
        "responses": dict({"200": {"description": "Reloaded", "content": {"application/json": {
            "schema": {"type": "object", "required": ["reloaded", "rules_hash"],
                       "properties": {"reloaded": {"const": True}, "rules_hash": string, "previous_rules_hash": string}},
            "example": {"reloaded": True, "rules_hash": HASH, "previous_rules_hash": HASH}}}}},
            **errors(401, 403, 422))}},
    "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "Alive", "content": {"application/json": {
        "schema": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}},
        "example": {"status": "ok"}}}}}}},
    "/readyz": {"get": {"summary": "Readiness: 503 while draining", "responses": dict({"200": {"description": "Ready", "content": {"application/json": {
        "schema": {"type": "object", "required": ["status", "rules_hash"],
                   "properties": {"status": {"const": "ready"}, "rules_hash": string}},
        "example": {"status": "ready", "rules_hash": HASH}}}}}, **errors(503))}},
    "/metrics": {"get": {"summary": "Prometheus text: requests and latency per route, errors by class, the rules hash",
                         "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": string}}}}}},
    "/": {"get": {"summary": "The caseworker page (HTML)", "responses": {"200": {"description": "Page", "content": {"text/html": {"schema": string}}}}}},
}

doc = {"openapi": "3.1.0",
       "info": {"title": "odenek", "version": "1",
                "description": "Turkish unemployment-insurance benefit rules over HTTP (docs/serving.md). Every response carries X-Odenek-Rules-Hash."},
       "servers": [{"url": "http://127.0.0.1:8080"}],
       "paths": paths,
       "components": {"schemas": schemas,
                      "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}}
print(json.dumps(doc, ensure_ascii=False, indent=1))
