package dev.hybridauth.benchmarks.load;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the SQL statements that request threads prepare, by kind, in every application it is added to.
 */
public final class StatementCounter implements BeanPostProcessor {

    static final AtomicLong selects = new AtomicLong();

    static final AtomicLong updates = new AtomicLong();

    static final AtomicLong others = new AtomicLong();

    static void reset() {
        selects.set(0);
        updates.set(0);
        others.set(0);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource) {
            return Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
                    (proxy, method, args) -> {
                        Object result = invoke(dataSource, method, args);
                        return (result instanceof Connection connection) ? counting(connection) : result;
                    });
        }
        return bean;
    }

    private static Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
                            && Thread.currentThread().getName().startsWith("http-nio")) {
                        String verb = sql.stripLeading().toLowerCase(Locale.ROOT);
                        (verb.startsWith("select") ? selects : verb.startsWith("update") ? updates : others)
                            .incrementAndGet();
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
    }

}
