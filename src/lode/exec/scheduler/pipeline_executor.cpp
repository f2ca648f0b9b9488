#include "lode/exec/scheduler/pipeline_executor.h"

#include <map>
#include <mutex>

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"

namespace lode::exec {

namespace {

// One step of the graph: a pipeline's tasks, or a sink's finalize rounds.
struct Step {
  Pipeline* pipeline = nullptr;       // a pipeline step
  PhysicalOperator* sink = nullptr;   // a finalize step
  std::atomic<int> waiting_for{0};
  std::vector<Step*> next;
  std::atomic<int64_t> unfinished_tasks{0};
  std::atomic<bool>* sink_done = nullptr;  // set once the pipeline's sink wants no more input
};

// Pushes one source task's batches through a pipeline.
class TaskRun {
 public:
  TaskRun(QueryContext& context, Pipeline& pipeline, Pipeline::Local& local, int64_t task, std::atomic<bool>& sink_done)
      : context_(context), pipeline_(pipeline), local_(local), order_{pipeline.stream, task, 0}, sink_done_(sink_done) {}

  bool emit(Batch batch) {
    context_.check_cancelled();
    if (sink_done_.load(std::memory_order_relaxed)) return false;
    if (context_.profile) pipeline_.source->profile.rows_out.fetch_add(batch.num_rows(), std::memory_order_relaxed);
    push(0, batch);
    return !sink_done_.load(std::memory_order_relaxed);
  }

  void finish() {
    for (size_t i = 0; i < pipeline_.operators.size(); ++i) {
      PhysicalOperator& op = *pipeline_.operators[i];
      OperatorResult result;
      do {
        Batch output;
        result = op.flush(context_, local_.operator_states[i].get(), output);
        if (output.num_rows() > 0) push(i + 1, output);
      } while (result == OperatorResult::kHaveMoreOutput);
    }
    pipeline_.sink->task_done(context_, *local_.sink_state, order_);
  }

 private:
  void push(size_t index, const Batch& batch) {
    if (index == pipeline_.operators.size()) {
      const int64_t rows = batch.num_rows();
      const int64_t start = context_.profile ? now_nanoseconds() : 0;
      if (pipeline_.sink->sink(context_, *local_.sink_state, batch, order_) == SinkResult::kFinished)
        sink_done_.store(true, std::memory_order_relaxed);
      if (context_.profile) pipeline_.sink->profile.nanoseconds.fetch_add(now_nanoseconds() - start);
      order_.row_offset += rows;
      return;
    }
    PhysicalOperator& op = *pipeline_.operators[index];
    OperatorState* state = local_.operator_states[index].get();
    while (true) {
      Batch output;
      const int64_t start = context_.profile ? now_nanoseconds() : 0;
      const OperatorResult result = op.execute(context_, state, batch, output);
      if (context_.profile) {
        op.profile.nanoseconds.fetch_add(now_nanoseconds() - start, std::memory_order_relaxed);
        op.profile.rows_out.fetch_add(output.num_rows(), std::memory_order_relaxed);
      }
      if (output.num_rows() > 0) push(index + 1, output);
      if (result == OperatorResult::kNeedMoreInput) return;
      // An operator with more output for one input (a cross join, a join
      // whose keys repeat) may produce a great deal of it: a cancel stops it
      // between outputs, not only at the next input.
      context_.check_cancelled();
      // TODO: an operator that is blocked (an asynchronous device call) is
      // polled again here; making the task resumable would free the thread.
      if (result == OperatorResult::kBlocked) std::this_thread::yield();
    }
  }

  QueryContext& context_;
  Pipeline& pipeline_;
  Pipeline::Local& local_;
  BatchOrder order_;
  std::atomic<bool>& sink_done_;
};

class GraphRun {
 public:
  GraphRun(QueryContext& context, std::vector<std::unique_ptr<Pipeline>>& pipelines, PhysicalOperator& root)
      : context_(context), pool_(*context.pool), root_(root) {
    std::map<PhysicalOperator*, Step*> finalize_of;
    for (auto& pipeline : pipelines) {
      if (!finalize_of.count(pipeline->sink)) {
        steps_.push_back(std::make_unique<Step>());
        steps_.back()->sink = pipeline->sink;
        finalize_of[pipeline->sink] = steps_.back().get();
        sink_done_[pipeline->sink] = std::make_unique<std::atomic<bool>>(false);
      }
    }
    std::vector<Step*> pipeline_steps;
    for (auto& pipeline : pipelines) {
      steps_.push_back(std::make_unique<Step>());
      Step* step = steps_.back().get();
      step->pipeline = pipeline.get();
      step->sink_done = sink_done_[pipeline->sink].get();
      pipeline_steps.push_back(step);
      link(step, finalize_of[pipeline->sink]);
    }
    for (auto& pipeline : pipelines) {
      Step* step = pipeline_steps[pipeline->id];
      if (pipeline->source->is_sink()) link(finalize_of.at(pipeline->source), step);
      for (PhysicalOperator* op : pipeline->operators)
        if (op->is_sink()) link(finalize_of.at(op), step);
      for (int before : pipeline->after) link(pipeline_steps[before], step);
    }
    root_step_ = finalize_of.at(&root);
  }

  void run() {
    std::vector<Step*> ready;
    for (auto& step : steps_)
      if (step->waiting_for.load() == 0) ready.push_back(step.get());
    try {
      for (Step* step : ready) start(step);
    } catch (...) {
      fail(std::current_exception());
    }
    pool_.help_until(this, [this] {
      std::lock_guard lock(mutex_);
      return (finished_ || error_) && in_flight_ == 0;
    });
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static void link(Step* before, Step* after) {
    before->next.push_back(after);
    after->waiting_for.fetch_add(1);
  }

  // Queues a job, counted so that the query returns only once all stopped.
  // Urgent jobs (all but scans starting) go first: finishing what was started
  // frees its memory before new input is read.
  void submit(int64_t tasks, ThreadPool::Task task, std::function<void()> then, bool urgent = true) {
    {
      std::lock_guard lock(mutex_);
      if (error_) return;
      ++in_flight_;
    }
    pool_.submit(tasks, std::move(task), [this, then = std::move(then)](std::exception_ptr error) {
      if (!error) {
        try {
          then();
        } catch (...) {
          error = std::current_exception();
        }
      }
      ThreadPool& pool = pool_;  // `this` may be gone once in_flight_ drops
      {
        std::lock_guard lock(mutex_);
        if (error && !error_) {
          error_ = error;
          context_.cancel->cancel();  // the other running tasks stop at their next morsel
        }
        --in_flight_;
      }
      pool.wake_helpers();
    }, this, urgent);
  }

  void fail(std::exception_ptr error) {
    {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = error;
      context_.cancel->cancel();
    }
    pool_.wake_helpers();
  }

  void start(Step* step) {
    if (step->pipeline) start_pipeline(step);
    else finalize_round(step, 0);
  }

  void step_done(Step* step) {
    if (step == root_step_) {
      {
        std::lock_guard lock(mutex_);
        finished_ = true;
      }
      pool_.wake_helpers();
      return;
    }
    for (Step* next : step->next)
      if (next->waiting_for.fetch_sub(1) == 1) start(next);
  }

  void start_pipeline(Step* step) {
    Pipeline& pipeline = *step->pipeline;
    const int64_t tasks = pipeline.source->num_source_tasks(context_);
    pipeline.sink->begin_stream(context_, pipeline.stream, tasks);
    step->unfinished_tasks.store(tasks);
    if (tasks == 0) return combine(step);
    submit(tasks, [this, step](int64_t task, int) { run_task(step, task); }, [] {}, pipeline.source->is_sink());
  }

  void run_task(Step* step, int64_t task) {
    Pipeline& pipeline = *step->pipeline;
    context_.check_cancelled();
    Pipeline::Local& local = pipeline.acquire_local(context_);
    SourceResult result = SourceResult::kFinished;
    try {
      TaskRun run(context_, pipeline, local, task, *step->sink_done);
      if (!step->sink_done->load(std::memory_order_relaxed))
        result = pipeline.source->get_data(context_, task, [&run](Batch batch) { return run.emit(std::move(batch)); });
      if (result == SourceResult::kFinished) run.finish();
    } catch (...) {
      pipeline.release_local(local);
      throw;
    }
    pipeline.release_local(local);
    if (result == SourceResult::kBlocked) {
      submit(1, [this, step, task](int64_t, int) { run_task(step, task); }, [] {});
      return;
    }
    if (step->unfinished_tasks.fetch_sub(1) == 1) combine(step);
  }

  void combine(Step* step) {
    auto& locals = step->pipeline->locals();
    PhysicalOperator& sink = *step->pipeline->sink;
    if (locals.empty()) return step_done(step);
    submit(static_cast<int64_t>(locals.size()),
           [this, &locals, &sink](int64_t index, int) { sink.combine(context_, *locals[index]->sink_state); },
           [this, step] { step_done(step); });
  }

  void finalize_round(Step* step, int round) {
    PhysicalOperator& sink = *step->sink;
    const int64_t start = context_.profile ? now_nanoseconds() : 0;
    const int64_t tasks = sink.finalize_round(context_, round);
    if (context_.profile) sink.profile.nanoseconds.fetch_add(now_nanoseconds() - start);
    if (tasks == 0) return step_done(step);
    submit(tasks, [this, &sink, round](int64_t task, int) {
      const int64_t begin = context_.profile ? now_nanoseconds() : 0;
      sink.finalize_task(context_, round, task);
      if (context_.profile) sink.profile.nanoseconds.fetch_add(now_nanoseconds() - begin);
    }, [this, step, round] { finalize_round(step, round + 1); });
  }

  QueryContext& context_;
  ThreadPool& pool_;
  PhysicalOperator& root_;
  std::vector<std::unique_ptr<Step>> steps_;
  std::map<PhysicalOperator*, std::unique_ptr<std::atomic<bool>>> sink_done_;
  Step* root_step_ = nullptr;
  std::mutex mutex_;
  int in_flight_ = 0;
  bool finished_ = false;
  std::exception_ptr error_;
};

}  // namespace

void run_pipelines(QueryContext& context, std::vector<std::unique_ptr<Pipeline>>& pipelines, PhysicalOperator& root) {
  GraphRun(context, pipelines, root).run();
}

}  // namespace lode::exec
