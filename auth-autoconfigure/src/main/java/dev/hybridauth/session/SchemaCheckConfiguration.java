package dev.hybridauth.session;

import java.net.URL;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.token.SigningKeys;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

/**
 * The {@link SchemaCheck} of the tables that hybrid-auth's own database components use:
 * the database session store's, the generated signing keys' and the login throttle's,
 * each when it is configured. A component the application replaced with its own needs no
 * table of hybrid-auth's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(DataSource.class)
class SchemaCheckConfiguration {

	// by name: the session package does not know the login package
	static final String LOGIN_THROTTLE_BEAN_NAME = "hybridAuthLoginThrottle";

	@Bean
	SchemaCheck hybridAuthSchemaCheck(DataSource dataSource, HybridAuthProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		return new SchemaCheck(dataSource, requiredTables(beanFactory, properties),
				properties.getSession().getInitializeSchema());
	}

	/**
	 * The tables that the beans hybrid-auth defines will use. It reads the bean
	 * definitions, not the beans: they depend on database initialization, and so on the
	 * check.
	 * @param beanFactory the bean factory
	 * @param properties the properties
	 * @return the tables
	 */
	static Set<SchemaTable> requiredTables(ConfigurableListableBeanFactory beanFactory,
			HybridAuthProperties properties) {
		Set<SchemaTable> tables = EnumSet.noneOf(SchemaTable.class);
		if (ownBeanTypes(beanFactory, SessionStore.class)
			.anyMatch((type) -> !type.equals(InMemorySessionStore.class.getName()))) {
			tables.addAll(SchemaTable.SESSION_STORE);
		}
		if (properties.getJwt().getKeys().isEmpty()
				&& ownBeanTypes(beanFactory, SigningKeys.class).findAny().isPresent()) {
			tables.add(SchemaTable.SIGNING_KEY);
		}
		if (properties.getLogin().getThrottle().getStore() != HybridAuthProperties.Throttle.Store.MEMORY
				&& ownBeanType(beanFactory, LOGIN_THROTTLE_BEAN_NAME) != null) {
			tables.add(SchemaTable.LOGIN_THROTTLE);
		}
		return tables;
	}

	// the declared types of the beans of the given type that hybrid-auth's configurations
	// define
	private static Stream<String> ownBeanTypes(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
		return Arrays.stream(beanFactory.getBeanNamesForType(type, true, false))
			.map((name) -> ownBeanType(beanFactory, name))
			.filter(Objects::nonNull);
	}

	private static String ownBeanType(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return null;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		MethodMetadata method = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		if (method == null || !fromThisJar(method.getDeclaringClassName(), beanFactory.getBeanClassLoader())) {
			return null;
		}
		return method.getReturnTypeName();
	}

	// the same package is not enough: an application's tests may use it
	private static boolean fromThisJar(String className, ClassLoader classLoader) {
		URL own = location(SchemaCheckConfiguration.class);
		if (own == null) {
			return className.startsWith("dev.hybridauth.");
		}
		try {
			return own.equals(location(ClassUtils.forName(className, classLoader)));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	private static URL location(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return (source != null) ? source.getLocation() : null;
	}

}
