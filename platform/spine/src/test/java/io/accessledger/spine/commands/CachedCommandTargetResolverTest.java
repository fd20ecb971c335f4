package io.accessledger.spine.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

/**
 * {@link CachedCommandTargetResolver} answers as Axon's {@link AnnotationCommandTargetResolver} does — the same target,
 * the same version, the same failure — for each way a command can name its aggregate, the first and every later
 * time.
 */
class CachedCommandTargetResolverTest {
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();
    private final CachedCommandTargetResolver cached = new CachedCommandTargetResolver();

    record RecordCommand(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version, String other) {
    }

    static class FieldCommand {
        @TargetAggregateIdentifier
        private final Object id;
        @TargetAggregateVersion
        private final int version;

        FieldCommand(Object id, int version) {
            this.id = id;
            this.version = version;
        }
    }

    static class GetterCommand {
        private final String id;

        GetterCommand(String id) {
            this.id = id;
        }

        @TargetAggregateIdentifier
        public String target() {
            return "target-of-" + id;
        }

        @TargetAggregateVersion
        public String version() {
            return "7";
        }
    }

    static class InheritingCommand extends FieldCommand {
        InheritingCommand(String id) {
            super(id, 3);
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD})
    @TargetAggregateIdentifier
    @interface OwnTarget {
    }

    record MetaAnnotatedCommand(@OwnTarget String id) {
    }

    record UntargetedCommand(String id) {
    }

    record VersionNotANumberCommand(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class ThrowingCommand {
        @TargetAggregateIdentifier
        public String id() {
            throw new IllegalStateException("no id yet");
        }
    }

    @Test
    void aRecordComponentNamesTheTargetAndItsVersion() {
        assertSameAnswer(new RecordCommand("A-1", 4L, "x"));
        assertSameAnswer(new RecordCommand("A-2", null, "y"));
        assertThat(cached.resolveTarget(command(new RecordCommand("A-3", 5L, "z"))))
                .isEqualTo(new VersionedAggregateIdentifier("A-3", 5L));
    }

    @Test
    void aPrivateFieldNamesTheTargetWhateverItsTypeAndAnIntVersionIsALong() {
        assertSameAnswer(new FieldCommand(42, 2));
        assertSameAnswer(new FieldCommand("F-1", 0));
    }

    @Test
    void anAnnotatedMethodIsReadBeforeAnyFieldAndATextVersionIsParsed() {
        assertSameAnswer(new GetterCommand("G-1"));
        assertThat(cached.resolveTarget(command(new GetterCommand("G-2"))))
                .isEqualTo(new VersionedAggregateIdentifier("target-of-G-2", 7L));
    }

    @Test
    void aFieldOfASuperclassNamesTheTarget() {
        assertSameAnswer(new InheritingCommand("I-1"));
    }

    @Test
    void anAnnotationCarryingTargetAggregateIdentifierNamesTheTarget() {
        assertSameAnswer(new MetaAnnotatedCommand("M-1"));
    }

    @Test
    void aCommandNamingNoTargetOrANullOneFailsAsInAxon() {
        assertSameAnswer(new UntargetedCommand("U-1"));
        assertSameAnswer(new RecordCommand(null, 1L, "n"));
    }

    @Test
    void aVersionThatIsNotANumberAndAThrowingAccessorFailAsInAxon() {
        assertSameAnswer(new VersionNotANumberCommand("V-1", "seven"));
        assertSameAnswer(new ThrowingCommand());
    }

    @Test
    void theMembersOfAClassAreLookedForOnceAndServeEveryLaterCommandOfIt() {
        assertThat(cached.knows(RecordCommand.class)).isFalse();

        cached.resolveTarget(command(new RecordCommand("C-1", 1L, "a")));

        assertThat(cached.knows(RecordCommand.class)).isTrue();
        assertThat(cached.resolveTarget(command(new RecordCommand("C-2", 2L, "b"))))
                .isEqualTo(new VersionedAggregateIdentifier("C-2", 2L));
    }

    /** Axon's answer and the cached resolver's, twice (the search, then the remembered members), are the same. */
    private void assertSameAnswer(Object payload) {
        Object expected = answer(axons, payload);
        assertThat(answer(cached, payload)).isEqualTo(expected);
        assertThat(answer(cached, payload)).isEqualTo(expected);
    }

    private static Object answer(org.axonframework.modelling.command.CommandTargetResolver resolver, Object payload) {
        Throwable failure = catchThrowable(() -> resolver.resolveTarget(command(payload)));
        if (failure == null) {
            return resolver.resolveTarget(command(payload));
        }
        return failure.getClass().getName() + ": " + failure.getMessage()
                + (failure.getCause() == null ? "" : " caused by " + failure.getCause().getClass().getName());
    }

    private static GenericCommandMessage<?> command(Object payload) {
        return new GenericCommandMessage<>(payload);
    }
}
