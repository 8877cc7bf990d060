package dev.hybridauth.session;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Makes the {@link SchemaCheck} a database initializer, detected after every other kind
 * (Spring Boot's detectors have higher precedence): Spring Boot then has it wait for the
 * schema scripts, Flyway and Liquibase, and has every bean that depends on database
 * initialization wait for it.
 */
class SchemaCheckDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(SchemaCheck.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
