-- Argo CD health check for gureum.dev/Rollout (resource.customizations.health.gureum.dev_Rollout).
-- Self-contained: Argo CD runs each health script alone (gopher-lua, Lua 5.1), so the shared
-- part below is repeated in every script of deploy/argocd/health/. Rules: deploy/argocd/README.md.
local hs = {}

local function condition(status, type)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function describe(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

-- Ready=False reasons that stay until someone acts: the live AWS resource is not what Git says.
local needsAction = {
  DriftReported = true,
  NotFound = true,
  ReplacementRequired = true,
  InstanceRefreshFailed = true,
  RolloutFailed = true,
  RolledBack = true,
}

local status = obj.status
local generation = obj.metadata.generation
if status == nil or (status.observedGeneration == nil and status.conditions == nil) then
  hs.status = "Progressing"
  hs.message = "waiting for the controller"
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the controller to observe generation " .. tostring(generation)
  return hs
end

local stalled = condition(status, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "stalled")
  return hs
end

local ready = condition(status, "Ready")
local annotations = obj.metadata.annotations
if annotations ~= nil and annotations["gureum.dev/paused"] == "true" then
  hs.status = "Suspended"
  hs.message = "paused (gureum.dev/paused): " .. describe(ready, "no AWS writes")
  return hs
end

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
