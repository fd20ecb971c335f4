package io.accessledger.spine.commands;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Axon's {@link AnnotationCommandTargetResolver} with its search remembered: which member of a command's class carries
 * {@link TargetAggregateIdentifier} and which {@link TargetAggregateVersion} is found once per class, not at every
 * command (Axon walks every method and field of the class and its supertypes, meta-annotations included, each time: 2 %
 * of the consumers' samples in docs/BENCHMARKS.md's end-to-end eighth round). The search is Axon's own, in its order
 * and with its helpers ({@link ReflectionUtils#methodsOf}, then {@link ReflectionUtils#fieldsOf}, the first member
 * {@link AnnotationUtils#isAnnotationPresent} accepts), and so are the answers and failures: the member's value as the
 * identifier, its version as a {@code Long} (a number's {@code longValue}, else its text parsed), the same
 * {@link IllegalArgumentException}s. A class's members do not change while it is loaded, so neither does the answer.
 */
public final class CachedCommandTargetResolver implements CommandTargetResolver {
    private static final String NO_TARGET = "Invalid command. It does not identify the target aggregate. Make sure at"
            + " least one of the fields or methods in the [%s] class contains the @TargetAggregateIdentifier"
            + " annotation and that it returns a non-null value.";

    /** The annotated members of one command class; null where there is none. */
    private record Target(Member identifier, Member version) {
    }

    private final Map<Class<?>, Target> targets = new ConcurrentHashMap<>();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Class<?> type = command.getPayloadType();
        Target target = targets.computeIfAbsent(type,
                found -> new Target(annotated(found, TargetAggregateIdentifier.class),
                        annotated(found, TargetAggregateVersion.class)));
        Object identifier;
        Long version;
        try {
            identifier = valueOf(target.identifier(), command.getPayload());
            version = asLong(valueOf(target.version(), command.getPayload()));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information form a"
                    + " command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of aggregate"
                    + " information from the given command.", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(String.format(NO_TARGET, type.getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    /** Whether the annotated members of a command class were looked for already (by a command of that class). */
    public boolean knows(Class<?> commandType) {
        return targets.containsKey(commandType);
    }

    /** The member Axon's resolver would read for {@code annotation}: the first such method, else the first field. */
    private static Member annotated(Class<?> type, Class<? extends Annotation> annotation) {
        for (Method method : ReflectionUtils.methodsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                return ReflectionUtils.ensureAccessible(method);
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                return field;
            }
        }
        return null;
    }

    private static Object valueOf(Member member, Object payload)
            throws InvocationTargetException, IllegalAccessException {
        if (member == null) {
            return null;
        }
        if (member instanceof Method method) {
            return method.invoke(payload);
        }
        return ReflectionUtils.getFieldValue((Field) member, payload);
    }

    private static Long asLong(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(value.toString());
    }
}
