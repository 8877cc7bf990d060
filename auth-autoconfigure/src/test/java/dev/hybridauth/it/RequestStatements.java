package dev.hybridauth.it;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Counts the JDBC statements that HTTP requests open, whatever issues them (JPA,
 * JdbcTemplate), so that a test can prove a path costs no database call. A request is
 * marked by a servlet filter that runs before every other, for the thread that serves it
 * (a platform or a virtual thread alike); statements of background jobs (key reloads,
 * cleanup) and of the test itself are not counted.
 */
public class RequestStatements implements BeanPostProcessor, Filter, Ordered {

	private static final AtomicLong count = new AtomicLong();

	private static final ThreadLocal<Boolean> inRequest = new ThreadLocal<>();

	public static void reset() {
		count.set(0);
	}

	public static long count() {
		return count.get();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		inRequest.set(Boolean.TRUE);
		try {
			chain.doFilter(request, response);
		}
		finally {
			inRequest.remove();
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			return proxy(DataSource.class, dataSource, (method, result) -> method.getName().equals("getConnection")
					? proxy(Connection.class, (Connection) result, this::countStatements) : result);
		}
		return bean;
	}

	private Object countStatements(java.lang.reflect.Method method, Object result) {
		String name = method.getName();
		boolean statement = name.equals("prepareStatement") || name.equals("createStatement")
				|| name.equals("prepareCall");
		if (statement && inRequest.get() != null) {
			count.incrementAndGet();
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target, ResultMapper mapper) {
		InvocationHandler handler = (proxy, method, args) -> {
			try {
				return mapper.map(method, method.invoke(target, args));
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		};
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
	}

	@FunctionalInterface
	private interface ResultMapper {

		Object map(java.lang.reflect.Method method, Object result);

	}

}
