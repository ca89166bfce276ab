package fr.maillage.partnership.domain;

import fr.maillage.events.partnership.PremisesApplicationDeclined;
import fr.maillage.events.partnership.PremisesEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of commands on premises, from a few applicants and application ids so that
 * repeats, conflicts and races of intent happen often. Whatever the sequence, no illegal state is
 * reached: every change follows {@link PremisesStatus#next()}, the status agrees with the
 * reservation and the applications, versions strictly increase, and each event carries the state
 * it produced.
 */
class PremisesStateMachineTest {

    private static final LocalDate FROM = LocalDate.parse("2027-01-01");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final CommuneRef NANTES = new CommuneRef("44109", "Nantes", "44", "52");

    sealed interface Command permits Apply, Reserve, Sign, Withdraw {
        PremisesStatus target();
    }

    record Apply(String applicationId, String organisationId, String project) implements Command {
        public PremisesStatus target() {
            return PremisesStatus.APPLIED;
        }
    }

    record Reserve(String applicationId) implements Command {
        public PremisesStatus target() {
            return PremisesStatus.RESERVED;
        }
    }

    record Sign(String applicationId, int startOffsetDays, int months, long monthlyRentEur) implements Command {
        public PremisesStatus target() {
            return PremisesStatus.AGREEMENT_SIGNED;
        }
    }

    record Withdraw() implements Command {
        public PremisesStatus target() {
            return PremisesStatus.WITHDRAWN;
        }
    }

    @Provide
    Arbitrary<Terms> terms() {
        return Arbitraries.of(Terms.class);
    }

    @Provide
    Arbitrary<List<Command>> commands() {
        Arbitrary<String> applicationIds = Arbitraries.of("app-1", "app-2", "app-3", "app-4");
        Arbitrary<String> organisations = Arbitraries.of("org-a", "org-b", "org-c");
        Arbitrary<String> projects = Arbitraries.of("Un fablab rural", "Un espace de coworking");
        Arbitrary<Command> apply = Combinators.combine(applicationIds, organisations, projects).as(Apply::new);
        Arbitrary<Command> reserve = applicationIds.map(Reserve::new);
        // small pools, so that the same agreement is sometimes signed twice; offset -5 falls before the window,
        // 1,500 after it, and 36 months from day 365 end after it
        Arbitrary<Command> sign = Combinators.combine(applicationIds, Arbitraries.of(0, 30, 365, -5, 1_500),
                Arbitraries.of(12, 36), Arbitraries.of(0L, 350L)).as(Sign::new);
        Arbitrary<Command> withdraw = Arbitraries.just(new Withdraw());
        return Arbitraries.frequencyOf(
                        Tuple.of(8, apply), Tuple.of(5, reserve), Tuple.of(6, sign), Tuple.of(1, withdraw))
                .list().ofMaxSize(30);
    }

    @Property(tries = 3000)
    void noSequenceOfCommandsReachesAnIllegalState(@ForAll("terms") Terms terms,
                                                   @ForAll("commands") List<Command> commands,
                                                   @ForAll boolean nearTheOffersEnd) {
        Offer offer = new Offer(NANTES, "2 place du Commerce", 180, PremisesKind.FORMER_SHOP, terms,
                terms.hasRent() ? 350 : 0, FROM, FROM.plusYears(3), null);
        // half of the sequences start ten days before the offer's last day, a day between commands,
        // so that some applications come after it
        Instant start = nearTheOffersEnd ? offer.availableUntil().minusDays(10).atStartOfDay(PARIS).toInstant() : Instant.EPOCH;
        Duration step = nearTheOffersEnd ? Duration.ofDays(1) : Duration.ofMinutes(1);
        Outcome.Changed offered = Premises.offer("pr-1", "org-nantes", offer, start);
        Premises premises = offered.premises();
        assertThat(premises.status()).isEqualTo(PremisesStatus.OFFERED);
        assertEventsCarry(offered, premises);
        assertConsistent(premises);

        Instant now = start;
        for (Command command : commands) {
            now = now.plus(step);
            Outcome outcome = run(premises, command, now);
            Statistics.label("outcome").collect(command.getClass().getSimpleName() + " → " + outcome.getClass().getSimpleName());
            if (outcome instanceof Outcome.Changed changed) {
                Premises next = changed.premises();
                assertThat(premises.status().canMoveTo(next.status()))
                        .as("%s → %s by %s", premises.status(), next.status(), command).isTrue();
                assertThat(next.status()).isEqualTo(command.target());
                assertThat(next.version()).as("a version per event").isEqualTo(premises.version() + changed.events().size());
                assertThat(next.updatedAt()).isEqualTo(now);
                assertEventsCarry(changed, next);
                assertDeclinedExactly(premises, next, changed.events());
                premises = next;
            } else if (outcome instanceof Outcome.Unchanged unchanged) {
                assertThat(unchanged.premises()).isEqualTo(premises);
                assertRepeat(premises, command);
            } else {
                Outcome.Refused refused = (Outcome.Refused) outcome;
                assertThat(refused.premises()).isEqualTo(premises);
                assertThat(refused.detail()).isNotBlank();
                assertRefusalWasDue(premises, command, refused, now);
                Statistics.label("refusal").collect(refused.reason());
            }
            assertConsistent(premises);
        }
        // each refusal happens in some sequence, so that each check above is put to the test (but
        // too many applications: four ids do not reach the limit, DomainRulesTest has it)
        Statistics.label("refusal").coverage(coverage -> {
            for (Outcome.Reason reason : Outcome.Reason.values()) {
                if (reason != Outcome.Reason.TOO_MANY_APPLICATIONS) {
                    coverage.check(reason).count(times -> times > 0);
                }
            }
        });
    }

    private static Outcome run(Premises premises, Command command, Instant now) {
        if (command instanceof Apply apply) {
            return premises.apply(apply.applicationId(), apply.organisationId(), apply.project(), now);
        }
        if (command instanceof Reserve reserve) {
            return premises.reserve(reserve.applicationId(), now);
        }
        if (command instanceof Sign sign) {
            return premises.signAgreement(new Agreement(sign.applicationId(), FROM.plusDays(sign.startOffsetDays()),
                    sign.months(), sign.monthlyRentEur()), now);
        }
        return premises.withdraw(now);
    }

    /** "Nothing to do" only for a command already applied. */
    private static void assertRepeat(Premises premises, Command command) {
        if (command instanceof Apply apply) {
            assertThat(premises.application(apply.applicationId())).hasValueSatisfying(a -> {
                assertThat(a.organisationId()).isEqualTo(apply.organisationId());
                assertThat(a.project()).isEqualTo(apply.project());
            });
        } else if (command instanceof Reserve reserve) {
            assertThat(premises.status()).isIn(PremisesStatus.RESERVED, PremisesStatus.AGREEMENT_SIGNED);
            assertThat(premises.reservedApplicationId()).isEqualTo(reserve.applicationId());
        } else if (command instanceof Sign sign) {
            assertThat(premises.agreement()).isEqualTo(new Agreement(sign.applicationId(),
                    FROM.plusDays(sign.startOffsetDays()), sign.months(), sign.monthlyRentEur()));
        } else {
            assertThat(premises.status()).isEqualTo(PremisesStatus.WITHDRAWN);
        }
    }

    /** A refusal must have a reason in the state: the machine may not refuse what it should accept. */
    private static void assertRefusalWasDue(Premises premises, Command command, Outcome.Refused refused, Instant now) {
        if (command instanceof Reserve r) {
            assertThat(r.applicationId()).as("the retry of the reservation that stands, in %s", premises.status())
                    .isNotEqualTo(premises.reservedApplicationId());
        }
        switch (refused.reason()) {
            case ILLEGAL_TRANSITION -> assertThat(!premises.status().canMoveTo(command.target())
                    || command instanceof Reserve r && premises.application(r.applicationId())
                    .map(a -> a.status() != ApplicationStatus.PENDING).orElse(false))
                    .as("refused %s in %s", command, premises.status()).isTrue();
            case UNKNOWN_APPLICATION -> {
                String id = command instanceof Reserve r ? r.applicationId() : ((Sign) command).applicationId();
                assertThat(premises.application(id)).isEmpty();
            }
            case APPLICATION_ID_TAKEN -> assertThat(premises.application(((Apply) command).applicationId())).isPresent();
            case ALREADY_APPLIED -> assertThat(premises.applications()).anyMatch(a ->
                    a.organisationId().equals(((Apply) command).organisationId()) && a.status() == ApplicationStatus.PENDING);
            case NOT_THE_RESERVED_APPLICATION -> assertThat(((Sign) command).applicationId())
                    .isNotEqualTo(premises.reservedApplicationId());
            case INVALID_AGREEMENT -> {
                Sign sign = (Sign) command;
                LocalDate startsOn = FROM.plusDays(sign.startOffsetDays());
                boolean rentNotAllowed = !premises.offer().terms().hasRent() && sign.monthlyRentEur() != 0;
                boolean rentMissing = premises.offer().terms().hasRent() && sign.monthlyRentEur() == 0;
                LocalDate lastDay = new Agreement(sign.applicationId(), startsOn, sign.months(), sign.monthlyRentEur()).lastDay();
                boolean outsideWindow = startsOn.isBefore(premises.offer().availableFrom())
                        || lastDay.isAfter(premises.offer().availableUntil());
                assertThat(rentNotAllowed || rentMissing || outsideWindow).isTrue();
            }
            case TOO_MANY_APPLICATIONS -> assertThat(premises.applications()).hasSize(Premises.MAX_APPLICATIONS);
            case OFFER_ENDED -> assertThat(LocalDate.ofInstant(now, PARIS)).as("refused as ended at %s", now)
                    .isAfter(premises.offer().availableUntil());
        }
    }

    /** The invariants that make a state legal. */
    private static void assertConsistent(Premises premises) {
        PremisesStatus status = premises.status();
        List<PremisesApplication> applications = premises.applications();
        Map<ApplicationStatus, Long> byStatus = applications.stream()
                .collect(Collectors.groupingBy(PremisesApplication::status, Collectors.counting()));
        boolean reservedState = status == PremisesStatus.RESERVED || status == PremisesStatus.AGREEMENT_SIGNED;

        assertThat(premises.reservedApplicationId() != null).as("reservation in %s", status).isEqualTo(reservedState);
        assertThat(premises.agreement() != null).as("agreement in %s", status)
                .isEqualTo(status == PremisesStatus.AGREEMENT_SIGNED);
        assertThat(applications.stream().map(PremisesApplication::id).distinct().count()).isEqualTo(applications.size());
        assertThat(applications.stream().filter(a -> a.status() == ApplicationStatus.PENDING)
                .map(PremisesApplication::organisationId).collect(Collectors.toList()))
                .doesNotHaveDuplicates();
        switch (status) {
            case OFFERED -> assertThat(applications).isEmpty();
            case APPLIED -> assertThat(applications).isNotEmpty()
                    .allMatch(a -> a.status() == ApplicationStatus.PENDING);
            case RESERVED, AGREEMENT_SIGNED -> {
                assertThat(byStatus.getOrDefault(ApplicationStatus.RESERVED, 0L)).isEqualTo(1);
                assertThat(byStatus.getOrDefault(ApplicationStatus.PENDING, 0L)).isZero();
                assertThat(premises.application(premises.reservedApplicationId()).orElseThrow().status())
                        .isEqualTo(ApplicationStatus.RESERVED);
                if (premises.agreement() != null) {
                    assertThat(premises.agreement().applicationId()).isEqualTo(premises.reservedApplicationId());
                }
            }
            case WITHDRAWN -> assertThat(applications).allMatch(a -> a.status() == ApplicationStatus.DECLINED);
        }
        var state = premises.toState();
        assertThat(state.status()).isEqualTo(status.name());
        assertThat(state.version()).isEqualTo(premises.version());
        assertThat(state.applications()).isEqualTo(applications.size());
        assertThat(state.reservedApplicationId()).isEqualTo(premises.reservedApplicationId());
    }

    /** One version per event, the last the premises'; each carries the state at its version. */
    private static void assertEventsCarry(Outcome.Changed changed, Premises next) {
        List<PremisesEvent> events = changed.events();
        assertThat(events).isNotEmpty();
        long first = next.version() - events.size() + 1;
        for (int i = 0; i < events.size(); i++) {
            PremisesEvent event = events.get(i);
            assertThat(event.premisesId()).isEqualTo(next.id());
            assertThat(event.version()).as("event %d of %d", i, events.size()).isEqualTo(first + i);
            assertThat(event.premises().version()).isEqualTo(event.version());
            assertThat(event.premises().status()).isEqualTo(next.toState().status());
        }
        assertThat(events.get(events.size() - 1).premises()).isEqualTo(next.toState());
    }

    /** Every application declined by this change has exactly one declined event, and no other has. */
    private static void assertDeclinedExactly(Premises before, Premises after, List<PremisesEvent> events) {
        Set<String> declinedNow = new HashSet<>();
        for (PremisesApplication application : after.applications()) {
            boolean wasDeclined = before.application(application.id())
                    .map(a -> a.status() == ApplicationStatus.DECLINED).orElse(false);
            if (application.status() == ApplicationStatus.DECLINED && !wasDeclined) {
                declinedNow.add(application.id());
            }
        }
        List<String> declinedEvents = events.stream().filter(PremisesApplicationDeclined.class::isInstance)
                .map(e -> ((PremisesApplicationDeclined) e).applicationId()).toList();
        assertThat(declinedEvents).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(declinedNow);
    }
}
