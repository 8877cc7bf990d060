package dev.hybridauth.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on real threads, one each, that all wait at a start gate and are let go
 * together, so that they race for real.
 */
final class StartGate {

	private StartGate() {
	}

	/**
	 * Runs every task on a thread of its own, from one start gate.
	 * @param <T> what a task returns
	 * @param tasks the tasks
	 * @return what each returned, in the order of the tasks
	 * @throws Exception what a task threw
	 */
	static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
		try {
			CountDownLatch ready = new CountDownLatch(tasks.size());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return task.call();
				}));
			}
			ready.await(10, TimeUnit.SECONDS);
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Runs the same task on {@code count} threads, from one start gate.
	 * @param <T> what the task returns
	 * @param count how many threads
	 * @param task the task, given the index of its thread
	 * @return what each returned, by index
	 * @throws Exception what a task threw
	 */
	static <T> List<T> race(int count, IndexedTask<T> task) throws Exception {
		List<Callable<T>> tasks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			tasks.add(() -> task.call(index));
		}
		return race(tasks);
	}

	/**
	 * A task that knows the index of its thread.
	 *
	 * @param <T> what it returns
	 */
	@FunctionalInterface
	interface IndexedTask<T> {

		T call(int index) throws Exception;

	}

}
