#include "lode/core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
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
