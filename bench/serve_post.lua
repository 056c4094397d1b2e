-- wrk: POST one claim to /v1/check (bench/serve.sh sets CLAIM_FILE).
local f = assert(io.open(os.getenv("CLAIM_FILE"), "r"))
wrk.body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local non2xx = 0
function response(status, headers, body)
  if status ~= 200 then non2xx = non2xx + 1 end
end
