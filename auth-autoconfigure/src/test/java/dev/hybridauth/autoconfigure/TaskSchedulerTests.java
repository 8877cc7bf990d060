package dev.hybridauth.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hybrid-auth's background scheduler stays its own: the application's {@code @Scheduled}
 * methods keep Spring Boot's scheduler.
 */
class TaskSchedulerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TaskSchedulingAutoConfiguration.class, HybridAuthAutoConfiguration.class));

	@Test
	void springBootsSchedulerStaysForTheApplicationsScheduledMethods() {
		this.contextRunner.withUserConfiguration(SchedulingApplication.class).run((context) -> {
			assertThat(context).hasBean(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME);
			assertThat(context).hasBean("taskScheduler");
			assertThat(context.getBean(TaskScheduler.class)).isSameAs(context.getBean("taskScheduler"));
			assertThat(context).hasSingleBean(ScheduledTaskHolder.class);
		});
	}

	@Test
	void withoutSchedulingInTheApplicationOnlyHybridAuthsSchedulerExists() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean(HybridAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME);
			assertThat(context).doesNotHaveBean("taskScheduler");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingApplication {

	}

}
