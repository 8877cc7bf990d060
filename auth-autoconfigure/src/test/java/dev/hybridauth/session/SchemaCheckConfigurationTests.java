package dev.hybridauth.session;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.HybridAuthWebAutoConfiguration;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SchemaCheckConfiguration}: the check asks for the tables of the
 * components hybrid-auth configured, and only those; and {@link SchemaTable} names every
 * column the schema script creates.
 */
class SchemaCheckConfigurationTests {

	private static final AutoConfigurations HYBRID_AUTH = AutoConfigurations.of(HybridAuthAutoConfiguration.class,
			SessionAutoConfiguration.class, SessionJwtAutoConfiguration.class, HybridAuthMetricsAutoConfiguration.class,
			HybridAuthWebAutoConfiguration.class, HybridAuthEndpointsAutoConfiguration.class,
			LoginThrottleAutoConfiguration.class, HybridAuthSecurityAutoConfiguration.class);

	private static final AutoConfigurations SECURITY = AutoConfigurations.of(SecurityAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class))
		.withConfiguration(SECURITY)
		.withConfiguration(HYBRID_AUTH)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");

	@Test
	void withJpaEveryTableIsChecked() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SchemaCheck.class).tables()).containsExactlyInAnyOrder(SchemaTable.values());
		});
	}

	@Test
	void withoutJpaTheJdbcStoreNeedsTheStoreTables() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withConfiguration(SECURITY)
			.withConfiguration(HYBRID_AUTH)
			.run((context) -> {
				assertThat(context).getBean(SessionStore.class).isInstanceOf(JdbcSessionStore.class);
				assertThat(context.getBean(SchemaCheck.class).tables()).containsAll(SchemaTable.SESSION_STORE)
					.contains(SchemaTable.SIGNING_KEY, SchemaTable.LOGIN_THROTTLE);
			});
	}

	@Test
	void aStoreOfTheApplicationsOwnNeedsNoTable() {
		this.contextRunner.withUserConfiguration(ApplicationStoreConfiguration.class).run((context) -> {
			assertThat(context).getBean(SessionStore.class).isSameAs(context.getBean("applicationStore"));
			assertThat(context.getBean(SchemaCheck.class).tables()).containsExactlyInAnyOrder(SchemaTable.SIGNING_KEY,
					SchemaTable.LOGIN_THROTTLE);
		});
	}

	@Test
	void aThrottleInMemoryNeedsNoTable() {
		this.contextRunner.withPropertyValues("hybrid-auth.login.throttle.store=memory")
			.run((context) -> assertThat(context.getBean(SchemaCheck.class).tables())
				.isEqualTo(EnumSet.complementOf(EnumSet.of(SchemaTable.LOGIN_THROTTLE))));
		this.contextRunner.withPropertyValues("hybrid-auth.login.throttle.enabled=false")
			.run((context) -> assertThat(context.getBean(SchemaCheck.class).tables())
				.isEqualTo(EnumSet.complementOf(EnumSet.of(SchemaTable.LOGIN_THROTTLE))));
	}

	@Test
	void theThrottleTableMissingFailsTheStartUpUnlessTheThrottleIsInMemory() {
		WebApplicationContextRunner withoutThrottleTable = this.contextRunner
			.withUserConfiguration(DropThrottleTableConfiguration.class);
		withoutThrottleTable.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(MissingSchemaException.class)
				.hasMessageContaining("table hybrid_auth_login_throttle is missing")
				.hasMessageNotContaining("table hybrid_auth_session is missing");
		});
		withoutThrottleTable.withPropertyValues("hybrid-auth.login.throttle.store=memory")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void withoutADataSourceThereIsNoCheck() {
		new WebApplicationContextRunner().withConfiguration(SECURITY).withConfiguration(HYBRID_AUTH).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SchemaCheck.class);
		});
	}

	@Test
	void theCheckedColumnsAreTheScriptsColumns() {
		this.contextRunner.run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			for (SchemaTable table : SchemaTable.values()) {
				List<String> columns = new ArrayList<>();
				for (String column : jdbc.queryForList(
						"select column_name from information_schema.columns where "
								+ "table_name = ? order by ordinal_position",
						String.class, table.tableName().toUpperCase(Locale.ROOT))) {
					columns.add(column.toLowerCase(Locale.ROOT));
				}
				assertThat(columns).as(table.tableName()).isEqualTo(table.columns());
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationStoreConfiguration {

		@Bean
		InMemorySessionStore applicationStore() {
			return new InMemorySessionStore();
		}

	}

	/**
	 * Drops the throttle's table after hybrid-auth's schema script made it, as an
	 * application whose migrations predate the table.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DropThrottleTableConfiguration {

		@Bean
		static BeanPostProcessor dropThrottleTable(ObjectProvider<DataSource> dataSource) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof SessionSchemaInitializer) {
						new JdbcTemplate(dataSource.getObject()).execute("drop table hybrid_auth_login_throttle");
					}
					return bean;
				}

			};
		}

	}

}
