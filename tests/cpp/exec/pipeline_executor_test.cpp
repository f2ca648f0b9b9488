// The pipeline executor and the pool's jobs: every source task runs once,
// pipelines wait for the sinks they read, independent pipelines overlap,
// blocked tasks are run again, and errors and cancellation stop the query
// with the earliest task's error.

#include "lode/exec/scheduler/pipeline_executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/operators/streaming.h"

namespace lode::exec {
namespace {

Batch one_column(int64_t value, int64_t rows) {
  ColumnBuilder builder(TypeId::kInt64);
  for (int64_t i = 0; i < rows; ++i) builder.append<int64_t>(value);
  return Batch({builder.finish()}, rows);
}

Schema int_schema() { return Schema({Field{"v", TypeId::kInt64}}); }

// Emits task t as one batch of t + 1 rows holding t. Optionally blocks each
// task once, sleeps, fails at a task, and counts how many tasks run at once.
class TestSource final : public PhysicalOperator {
 public:
  explicit TestSource(int64_t tasks) : PhysicalOperator(int_schema()), tasks_(tasks), runs_(tasks) {}
  std::string name() const override { return "TEST_SOURCE"; }
  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext&) override { return tasks_; }
  SourceResult get_data(QueryContext&, int64_t task, const BatchEmitter& emit) override {
    if (block_once && runs_[task].fetch_add(1) == 0) return SourceResult::kBlocked;
    const int now = active.fetch_add(1) + 1;
    int seen = max_active.load();
    while (now > seen && !max_active.compare_exchange_weak(seen, now)) {
    }
    if (sleep_ms) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    active.fetch_sub(1);
    if (task >= fail_from) throw ParseError("bad task " + std::to_string(task));
    emit(one_column(task, task + 1));
    return SourceResult::kFinished;
  }
  bool block_once = false;
  int sleep_ms = 0;
  int64_t fail_from = INT64_MAX;
  std::atomic<int> active{0}, max_active{0};

 private:
  int64_t tasks_;
  std::vector<std::atomic<int>> runs_;
};

// Sums the values it gets; as a source, emits the sum once finalized.
class SumSink final : public PhysicalOperator {
 public:
  SumSink() : PhysicalOperator(int_schema()) {}
  std::string name() const override { return "SUM"; }
  bool is_sink() const override { return true; }
  SinkResult sink(QueryContext&, OperatorState&, Batch batch, const BatchOrder&) override {
    const int64_t* values = batch.column(0)->values<int64_t>();
    for (int64_t i = 0; i < batch.num_rows(); ++i) sum.fetch_add(values[i]);
    rows.fetch_add(batch.num_rows());
    return SinkResult::kNeedMoreInput;
  }
  int64_t finalize_round(QueryContext&, int round) override {
    if (round == 0) finalized_at_rows = rows.load();
    return 0;
  }
  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext&) override { return 1; }
  SourceResult get_data(QueryContext&, int64_t, const BatchEmitter& emit) override {
    emit(one_column(sum.load(), 1));
    return SourceResult::kFinished;
  }
  std::atomic<int64_t> sum{0}, rows{0};
  int64_t finalized_at_rows = -1;
};

void run(QueryContext& context, PhysicalOperator& root) {
  auto pipelines = build_pipelines(root);
  run_pipelines(context, pipelines, root);
}

TEST(PipelineExecutorTest, RunsEveryTaskOnceThroughABreaker) {
  ThreadPool pool(3);
  QueryContext context(MemoryManager::global(), pool);
  SumSink top;
  auto middle = std::make_unique<SumSink>();
  SumSink& inner = *middle;
  auto source = std::make_unique<TestSource>(200);
  source->block_once = true;  // every task says "blocked" once and is run again
  middle->children.push_back(std::move(source));
  top.children.push_back(std::move(middle));
  run(context, top);
  int64_t expected = 0;
  for (int64_t t = 0; t < 200; ++t) expected += t * (t + 1);
  EXPECT_EQ(inner.sum.load(), expected);
  EXPECT_EQ(inner.finalized_at_rows, 200 * 201 / 2);  // finalized after its whole input
  EXPECT_EQ(top.sum.load(), expected);                 // read only after that
}

TEST(PipelineExecutorTest, IndependentPipelinesOverlap) {
  ThreadPool pool(2);
  QueryContext context(MemoryManager::global(), pool);
  SumSink top;
  auto both = std::make_unique<PhysicalUnion>(int_schema());
  for (int i = 0; i < 2; ++i) {
    auto source = std::make_unique<TestSource>(1);
    source->sleep_ms = 100;
    both->children.push_back(std::move(source));
  }
  top.children.push_back(std::move(both));
  const auto start = std::chrono::steady_clock::now();
  run(context, top);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 0.18) << "the union's two inputs ran one after the other";
}

TEST(PipelineExecutorTest, ReportsTheEarliestFailingTaskAndStops) {
  ThreadPool pool(2);
  QueryContext context(MemoryManager::global(), pool);
  SumSink top;
  auto source = std::make_unique<TestSource>(1000);
  source->fail_from = 100;
  top.children.push_back(std::move(source));
  try {
    run(context, top);
    FAIL() << "no error";
  } catch (const ParseError& error) {
    EXPECT_STREQ(error.what(), "bad task 100");
  }
  EXPECT_LT(top.rows.load(), 1000 * 1001 / 2);
}

TEST(PipelineExecutorTest, CancelStopsTheQuery) {
  ThreadPool pool(2);
  QueryContext context(MemoryManager::global(), pool);
  SumSink top;
  auto source = std::make_unique<TestSource>(10000);
  source->sleep_ms = 1;
  top.children.push_back(std::move(source));
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    context.cancel->cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(run(context, top), CancelledError);
  canceller.join();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
}

TEST(PipelineExecutorTest, QueriesOnSeveralThreadsShareThePool) {
  ThreadPool pool(2);
  std::vector<std::thread> threads;
  std::vector<int64_t> sums(4);
  for (int q = 0; q < 4; ++q)
    threads.emplace_back([&, q] {
      QueryContext context(MemoryManager::global(), pool);
      SumSink top;
      top.children.push_back(std::make_unique<TestSource>(300));
      run(context, top);
      sums[q] = top.sum.load();
    });
  for (auto& thread : threads) thread.join();
  int64_t expected = 0;
  for (int64_t t = 0; t < 300; ++t) expected += t * (t + 1);
  for (int64_t sum : sums) EXPECT_EQ(sum, expected);
}

TEST(ThreadPoolTest, SubmitRunsOnDoneOnceAfterEveryTask) {
  ThreadPool pool(3);
  std::atomic<int> ran{0};
  std::mutex mutex;
  bool done = false;
  int ran_at_done = -1;
  pool.submit(500, [&](int64_t, int worker) {
    EXPECT_LT(worker, 3);
    ran.fetch_add(1);
  }, [&](std::exception_ptr error) {
    EXPECT_FALSE(error);
    {
      std::lock_guard lock(mutex);
      ran_at_done = ran.load();
      done = true;
    }
    // Not under `mutex`: help_until calls finished(), which takes `mutex`,
    // under the pool's lock, and wake_helpers takes the pool's lock.
    pool.wake_helpers();
  }, &pool);
  pool.help_until(&pool, [&] {
    std::lock_guard lock(mutex);
    return done;
  });
  EXPECT_EQ(ran_at_done, 500);
}

}  // namespace
}  // namespace lode::exec
