-- wrk: POST one claim to /v1/check (bench/serve.sh sets CLAIM_FILE). No
-- response() callback: wrk counts non-2xx itself, and a Lua call per
-- response would take CPU from the server on a shared machine.
local f = assert(io.open(os.getenv("CLAIM_FILE"), "r"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
