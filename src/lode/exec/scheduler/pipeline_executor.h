#pragma once
// Runs the pipelines of one query as a graph of jobs on the thread pool:
// a pipeline starts once the sinks it reads from (its source, the builds its
// joins probe) are finalized and the pipelines it must follow have ended;
// a sink finalizes once every pipeline feeding it has ended. Independent
// pipelines (the two builds of a bushy join, a union's inputs) run at the
// same time; nothing waits on a worker thread: each step is queued when the
// last thing it waits for ends. The calling thread works on the query's
// tasks until the root sink is finalized, then returns (or rethrows the
// first error, once every running task has stopped).

#include <memory>
#include <vector>

#include "lode/exec/query_context.h"
#include "lode/exec/scheduler/pipeline.h"

namespace lode::exec {

/// Runs every pipeline; `pipelines` come from build_pipelines(root).
void run_pipelines(QueryContext& context, std::vector<std::unique_ptr<Pipeline>>& pipelines, PhysicalOperator& root);

}  // namespace lode::exec
