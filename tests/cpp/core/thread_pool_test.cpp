#include "lode/core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "lode/core/error.h"

namespace lode {
namespace {

TEST(ThreadPoolTest, RunsEveryTaskOnce) {
  ThreadPool pool(4);
  std::vector<std::atomic<int>> counts(10000);
  pool.parallel_for(10000, [&](int64_t index, int worker) {
    ASSERT_GE(worker, 0);
    ASSERT_LT(worker, 4);
    counts[index].fetch_add(1);
  });
  for (auto& count : counts) ASSERT_EQ(count.load(), 1);
}

TEST(ThreadPoolTest, UsesSeveralThreadsAndWorkerSlots) {
  ThreadPool pool(3);
  std::mutex mutex;
  std::set<int> workers;
  pool.parallel_for(300, [&](int64_t, int worker) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::lock_guard lock(mutex);
    workers.insert(worker);
  });
  EXPECT_GT(workers.size(), 1u);
}

TEST(ThreadPoolTest, RethrowsTheFirstErrorAndStops) {
  ThreadPool pool(2);
  std::atomic<int> ran{0};
  // Tasks after the failing one take 100 us each, so the other worker cannot
  // finish them all while the exception unwinds (slow under sanitizers).
  constexpr int kTasks = 10000;
  EXPECT_THROW(pool.parallel_for(kTasks,
                                 [&](int64_t index, int) {
                                   ran.fetch_add(1);
                                   if (index == 10) throw ParseError("bad row");
                                   if (index > 10) std::this_thread::sleep_for(std::chrono::microseconds(100));
                                 }),
               ParseError);
  EXPECT_LT(ran.load(), kTasks / 2);
  // The pool still works afterwards.
  std::atomic<int> after{0};
  pool.parallel_for(50, [&](int64_t, int) { after.fetch_add(1); });
  EXPECT_EQ(after.load(), 50);
}

TEST(ThreadPoolTest, ConcurrentCallersEachFinish) {
  ThreadPool pool(2);
  std::atomic<int64_t> total{0};
  std::thread other([&] { pool.parallel_for(1000, [&](int64_t, int) { total.fetch_add(1); }); });
  pool.parallel_for(1000, [&](int64_t, int) { total.fetch_add(1); });
  other.join();
  EXPECT_EQ(total.load(), 2000);
}

// Plain (non-atomic) writes: parallel_for's return must order every task's
// writes before the caller's reads, and a worker slot is one thread at a
// time. Under ThreadSanitizer (make test-tsan) a missing edge is a race.
TEST(ThreadPoolTest, TaskWritesAreVisibleToTheCaller) {
  ThreadPool pool(4);
  for (int round = 0; round < 200; ++round) {
    std::vector<int64_t> values(64, -1);
    std::vector<int64_t> per_worker(pool.num_threads(), 0);
    pool.parallel_for(64, [&](int64_t index, int worker) {
      values[index] = index * round;
      per_worker[worker] += 1;
    });
    int64_t tasks = 0;
    for (int64_t count : per_worker) tasks += count;
    ASSERT_EQ(tasks, 64);
    for (int64_t index = 0; index < 64; ++index) ASSERT_EQ(values[index], index * round);
  }
}

TEST(ThreadPoolTest, ConcurrentCallersWithErrorsEachGetTheirOwn) {
  ThreadPool pool(3);
  constexpr int kCallers = 4;
  std::vector<std::string> messages(kCallers);
  std::vector<std::thread> callers;
  for (int caller = 0; caller < kCallers; ++caller) {
    callers.emplace_back([&, caller] {
      for (int round = 0; round < 20; ++round) {
        try {
          pool.parallel_for(100, [&](int64_t index, int) {
            if (caller % 2 == 1 && index == 50) throw ParseError("caller " + std::to_string(caller));
          });
        } catch (const ParseError& error) {
          messages[caller] = error.what();
        }
      }
    });
  }
  for (auto& thread : callers) thread.join();
  for (int caller = 0; caller < kCallers; ++caller) {
    if (caller % 2 == 1)
      EXPECT_NE(messages[caller].find("caller " + std::to_string(caller)), std::string::npos) << messages[caller];
    else
      EXPECT_EQ(messages[caller], "");
  }
}

TEST(ThreadPoolTest, SingleThreadRunsInline) {
  ThreadPool pool(1);
  std::vector<int64_t> order;
  pool.parallel_for(5, [&](int64_t index, int worker) {
    EXPECT_EQ(worker, 0);
    order.push_back(index);
  });
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_THROW(ThreadPool(0), InvalidInputError);
}

}  // namespace
}  // namespace lode
