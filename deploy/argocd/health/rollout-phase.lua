-- Rollout only (between prelude.lua and conditions.lua): status.phase decides.
local function lastMessage(fallback)
  if status.history ~= nil and status.history[1] ~= nil and status.history[1].message ~= nil and status.history[1].message ~= "" then
    return status.history[1].message
  end
  return describe(ready, fallback)
end

if status.phase == "Healthy" then
  hs.status = "Healthy"
  hs.message = describe(ready, "healthy")
  return hs
end
if status.phase == "Degraded" or status.phase == "RolledBack" then
  hs.status = "Degraded"
  hs.message = status.phase .. ": " .. lastMessage("the rollout failed")
  return hs
end
if status.phase == "Progressing" then
  hs.status = "Progressing"
  hs.message = describe(ready, lastMessage("progressing"))
  return hs
end
-- No phase yet: the conditions decide, as for the other kinds.
