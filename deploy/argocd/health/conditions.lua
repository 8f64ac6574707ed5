-- Shared by every kind's script, last: the conditions decide.
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "in sync")
  return hs
end
local reconciling = condition(status, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(reconciling, describe(ready, "reconciling"))
  return hs
end
if ready ~= nil and ready.status == "False" and needsAction[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "not ready")
  return hs
end
-- Anything else (Ready=Unknown, AwsError, Throttled, no Ready yet): the controller retries.
hs.status = "Progressing"
hs.message = describe(ready, "waiting for the controller")
return hs
