-- Shared by every kind's script: the generation, Stalled and paused rules, and the helpers.
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

