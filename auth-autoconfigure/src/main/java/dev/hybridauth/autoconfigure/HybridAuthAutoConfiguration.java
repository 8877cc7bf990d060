package dev.hybridauth.autoconfigure;

import com.nimbusds.jwt.SignedJWT;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of hybrid-auth as a whole: it applies to servlet web applications
 * with Spring Security, binds {@link HybridAuthProperties}, and runs the background jobs
 * (key rotation, session cleanup) on one thread of its own. The features come with their
 * own auto-configurations, ordered after this one: the session store and service
 * ({@code SessionAutoConfiguration}), session JWTs ({@code SessionJwtAutoConfiguration}),
 * the web layer ({@code HybridAuthWebAutoConfiguration},
 * {@code HybridAuthEndpointsAutoConfiguration}), the default security filter chain
 * ({@code HybridAuthSecurityAutoConfiguration}) and metrics
 * ({@code HybridAuthMetricsAutoConfiguration}).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		before = { ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ EnableWebSecurity.class, DispatcherServlet.class, SignedJWT.class })
@EnableConfigurationProperties(HybridAuthProperties.class)
public final class HybridAuthAutoConfiguration {

	/** The name of the scheduler that runs hybrid-auth's background jobs. */
	public static final String TASK_SCHEDULER_BEAN_NAME = "hybridAuthTaskScheduler";

	private static final Log logger = LogFactory.getLog(HybridAuthAutoConfiguration.class);

	/**
	 * Not a default candidate: injected only where asked for by name, so that it never
	 * becomes the scheduler of the application's own {@code @Scheduled} methods, nor
	 * makes Spring Boot's one back off.
	 * @return a scheduler on one daemon thread, which logs a failed job and keeps its
	 * schedule
	 */
	@Bean(name = TASK_SCHEDULER_BEAN_NAME, defaultCandidate = false)
	ThreadPoolTaskScheduler hybridAuthTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("hybrid-auth-");
		scheduler.setDaemon(true);
		scheduler.setErrorHandler((ex) -> {
			if (ex instanceof DataAccessException) {
				logger.warn("A hybrid-auth background job failed, will retry: " + ex.getClass().getName());
			}
			else {
				logger.error("A hybrid-auth background job failed, will retry", ex);
			}
		});
		return scheduler;
	}

}
