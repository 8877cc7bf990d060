package dev.hybridauth.it;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the JDBC statements that request threads open, whatever issues them (JPA, JdbcTemplate), so that a test
 * can prove a path costs no database call. Statements of background threads (key reloads) are not counted.
 */
public class RequestStatements implements BeanPostProcessor {

    private static final AtomicLong count = new AtomicLong();

    public static void reset() {
        count.set(0);
    }

    public static long count() {
        return count.get();
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
        if (statement && Thread.currentThread().getName().startsWith("http-nio")) {
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
