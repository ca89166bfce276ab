package fr.maillage.reporting;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's store, with faults a test arms: the next calls of one method on collections whose
 * name starts with a prefix fail as a lost connection would, before the call or after it (done,
 * its answer lost). Unarmed, every call goes through.
 */
public final class StoreFaults {

    private record Fault(String collectionPrefix, String method, boolean afterTheCall) {
    }

    private final Map<Fault, AtomicInteger> armed = new ConcurrentHashMap<>();

    /** The next {@code times} calls of {@code method} on those collections throw, and do nothing. */
    public void fail(String collectionPrefix, String method, int times) {
        armed.put(new Fault(collectionPrefix, method, false), new AtomicInteger(times));
    }

    /** The next {@code times} calls of {@code method} on those collections are done, then throw: their answer is lost. */
    public void loseAnswer(String collectionPrefix, String method, int times) {
        armed.put(new Fault(collectionPrefix, method, true), new AtomicInteger(times));
    }

    /** Whether every armed fault has happened. */
    public boolean allHappened() {
        return armed.values().stream().allMatch(left -> left.get() <= 0);
    }

    public void clear() {
        armed.clear();
    }

    private void maybeFail(String collection, String method, boolean afterTheCall) {
        armed.forEach((fault, left) -> {
            if (fault.afterTheCall() == afterTheCall && collection.startsWith(fault.collectionPrefix())
                    && method.equals(fault.method()) && left.getAndDecrement() > 0) {
                throw new MongoSocketReadException("the store went away (StoreFaults, " + collection + "." + method + ")",
                        new ServerAddress());
            }
        });
    }

    /** The database, its collections behind the faults armed here. */
    public MongoDatabase wrap(MongoDatabase real) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[]{MongoDatabase.class}, (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    return method.getName().equals("getCollection") ? wrap((String) args[0], (MongoCollection<?>) result)
                            : result;
                });
    }

    private MongoCollection<?> wrap(String name, MongoCollection<?> real) {
        return (MongoCollection<?>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[]{MongoCollection.class}, (proxy, method, args) -> {
                    maybeFail(name, method.getName(), false);
                    Object result = invoke(method, real, args);
                    maybeFail(name, method.getName(), true);
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        StoreFaults storeFaults() {
            return new StoreFaults();
        }

        @Bean
        @Primary
        MongoDatabase faultyDatabase(StoreFaults faults, MongoClient client,
                                     @Value("${maillage.mongodb.database}") String name) {
            return faults.wrap(client.getDatabase(name));
        }
    }
}
