package io.accessledger.policy.bench;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.BackgroundCheck;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.EmploymentType;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.model.Mitigation;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.policy.evaluation.Evaluator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The benchmark's synthetic organisation, generated from a fixed seed so every run on every machine sees the same
 * data: a policy of 2,500 resources × 4 levels (10,000 entitlements), 200 position profiles plus a baseline, 500 SoD
 * rules, and 100,000 identities holding 30 entitlements each (biased toward their position's standard profile and
 * department) with 0–3 pending, plus a fixed stream of requests to evaluate.
 */
final class BenchmarkDataSet {
    static final long SEED = 0x5EED_2026_0405L;
    /** The evaluation date: fixed, so training dates age the same way on every run. */
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final int IDENTITIES = 100_000;
    static final int HELD_PER_IDENTITY = 30;
    static final int MAX_PENDING_PER_IDENTITY = 3;
    static final int SHARED_RESOURCES = 100;
    static final int RESOURCES_PER_DEPARTMENT = 120;
    static final int LEVELS_PER_RESOURCE = 4;
    static final int SOD_RULES = 500;
    /** Requests pre-generated per stream; a power of two so the benchmark cycles with a mask. */
    static final int REQUESTS = 1 << 16;

    /** A department: its code, how many people work there, and what its systems are like. */
    private record Department(String name, String code, int headcount, boolean sensitive, String regulatedTag,
            double regulatedShare) {
    }

    private static final List<Department> DEPARTMENTS = List.of(
            new Department("Engineering", "eng", 18, false, "SOC2", 0.10),
            new Department("Sales", "sal", 12, false, "PCI", 0.10),
            new Department("Support", "sup", 10, false, "PCI", 0.15),
            new Department("Operations", "ops", 7, false, "SOC2", 0.10),
            new Department("Marketing", "mkt", 6, false, "GDPR", 0.30),
            new Department("Clinical", "cli", 6, true, "HIPAA", 0.70),
            new Department("Finance", "fin", 5, true, "SOX", 0.60),
            new Department("Product", "prd", 4, false, "SOC2", 0.05),
            new Department("Data", "dat", 4, false, "GDPR", 0.40),
            new Department("IT", "it", 4, false, "SOC2", 0.20),
            new Department("Research", "res", 4, false, "HIPAA", 0.20),
            new Department("People", "ppl", 3, true, "GDPR", 0.50),
            new Department("Procurement", "pro", 3, false, "SOX", 0.40),
            new Department("Customer Success", "csm", 3, false, "GDPR", 0.20),
            new Department("Design", "dsg", 3, false, "SOC2", 0.05),
            new Department("Security", "sec", 2, true, "SOC2", 0.40),
            new Department("Legal", "leg", 2, true, "GDPR", 0.30),
            new Department("Compliance", "cmp", 2, true, "SOX", 0.30),
            new Department("Facilities", "fac", 2, false, "SOC2", 0.05),
            new Department("Treasury", "trs", 1, true, "SOX", 0.70));

    /** A job title: how many hold it (relative) and which level of a resource it normally gets. */
    private record Title(String name, int headcount, int rank) {
    }

    private static final List<Title> TITLES = List.of(
            new Title("Intern", 4, 0), new Title("Associate", 18, 1), new Title("Analyst", 16, 1),
            new Title("Specialist", 16, 2), new Title("Senior Specialist", 12, 2), new Title("Lead", 10, 3),
            new Title("Manager", 10, 3), new Title("Director", 4, 4), new Title("Administrator", 6, 5),
            new Title("Auditor", 4, 6));

    /** Level families: every resource has four levels, the higher ones the more powerful. */
    private static final String[][] LEVEL_FAMILIES = {
            {"read", "edit", "approve", "admin"},
            {"view", "deploy", "operate", "admin"},
            {"read", "write", "owner", "dba"},
            {"viewer", "member", "maintainer", "owner"}};
    private static final String[] TARGETS = {"okta-scim", "entra-scim", "manual"};
    private static final String[] PLAIN_TAGS = {"internal", "customer-facing", "production", "finance-reporting",
            "pii-free", "legacy"};

    /** One request to evaluate: who, what, for how long. */
    record Request(int identity, int entitlement, Duration duration) {
    }

    final PolicyDocument policy;
    final CompactAccessView access;
    final String[] beneficiaryIds;
    final EmployeeProfile[] people;
    /** Requests with the realistic mix: in-profile, from the department's systems, anything at all. */
    final Request[] mixedRequests;
    /** Requests whose entitlement is always named by at least one SoD rule. */
    final Request[] sodRequests;
    /** The distinct entitlements named by SoD rules (ids). */
    final int[] sodNamed;

    private final SplittableRandom random;
    private final Entitlement[] entitlements;
    private final Map<Entitlement, Integer> ids = new HashMap<>();
    private final int[] departmentOfResource;
    private final Sensitivity[] sensitivityOfResource;
    private final List<int[]> departmentPools = new ArrayList<>();
    private final int[] departmentOfPerson;
    private final int[][] standardProfileOfPosition;

    static BenchmarkDataSet generate() {
        return new BenchmarkDataSet(IDENTITIES, SEED);
    }

    BenchmarkDataSet(int identities, long seed) {
        random = new SplittableRandom(seed);
        int resourceCount = SHARED_RESOURCES + DEPARTMENTS.size() * RESOURCES_PER_DEPARTMENT;
        entitlements = new Entitlement[resourceCount * LEVELS_PER_RESOURCE];
        departmentOfResource = new int[resourceCount];
        sensitivityOfResource = new Sensitivity[resourceCount];
        List<PolicyDocument.Resource> resources = resources(resourceCount);
        for (int d = 0; d < DEPARTMENTS.size(); d++) {
            int first = SHARED_RESOURCES + d * RESOURCES_PER_DEPARTMENT;
            int[] pool = new int[RESOURCES_PER_DEPARTMENT];
            for (int r = 0; r < pool.length; r++) {
                pool[r] = first + r;
            }
            departmentPools.add(pool);
        }

        List<PolicyDocument.Profile> profiles = new ArrayList<>();
        int[] baseline = baselineProfile();
        profiles.add(new PolicyDocument.Profile(null, null, entitlementsOf(baseline)));
        standardProfileOfPosition = new int[DEPARTMENTS.size() * TITLES.size()][];
        List<Set<Integer>> departmentProfileUnion = new ArrayList<>();
        for (int d = 0; d < DEPARTMENTS.size(); d++) {
            Set<Integer> union = new LinkedHashSet<>();
            for (int t = 0; t < TITLES.size(); t++) {
                int[] position = positionProfile(d, TITLES.get(t));
                profiles.add(new PolicyDocument.Profile(DEPARTMENTS.get(d).name(), TITLES.get(t).name(),
                        entitlementsOf(position)));
                Set<Integer> standard = new LinkedHashSet<>();
                Arrays.stream(baseline).forEach(standard::add);
                Arrays.stream(position).forEach(standard::add);
                standardProfileOfPosition[d * TITLES.size() + t] = standard.stream().mapToInt(i -> i).toArray();
                for (int id : position) {
                    if (level(id) >= 1 && departmentOfResource[id / LEVELS_PER_RESOURCE] == d) {
                        union.add(id);
                    }
                }
            }
            departmentProfileUnion.add(union);
        }

        List<PolicyDocument.SodRule> rules = sodRules(departmentProfileUnion);
        Set<Integer> named = new LinkedHashSet<>();
        for (PolicyDocument.SodRule rule : rules) {
            rule.left().forEach(e -> named.add(ids.get(e)));
            rule.right().forEach(e -> named.add(ids.get(e)));
        }
        sodNamed = named.stream().mapToInt(i -> i).sorted().toArray();

        policy = new PolicyDocument("bench-" + Long.toHexString(seed), resources, profiles, rules,
                Map.of("privileged", new PolicyDocument.Prerequisite(365, true, true),
                        "CRITICAL", new PolicyDocument.Prerequisite(365, true, true),
                        "HIGH", new PolicyDocument.Prerequisite(730, false, true)),
                Map.of(Sensitivity.LOW, Duration.ofDays(365), Sensitivity.MEDIUM, Duration.ofDays(180),
                        Sensitivity.HIGH, Duration.ofDays(90), Sensitivity.CRITICAL, Duration.ofDays(90)),
                new PolicyDocument.AutoApprove(Sensitivity.LOW));

        beneficiaryIds = new String[identities];
        people = new EmployeeProfile[identities];
        departmentOfPerson = new int[identities];
        int[] titleOfPerson = new int[identities];
        int[][] held = new int[identities][];
        int[][] pending = new int[identities][];
        int[] departmentHeadcount = DEPARTMENTS.stream().mapToInt(Department::headcount).toArray();
        int[] titleHeadcount = TITLES.stream().mapToInt(Title::headcount).toArray();
        for (int p = 0; p < identities; p++) {
            int d = weighted(departmentHeadcount);
            int t = weighted(titleHeadcount);
            departmentOfPerson[p] = d;
            titleOfPerson[p] = t;
            beneficiaryIds[p] = "E" + (100_000 + p);
            people[p] = person(p, d, t, identities);
            held[p] = holdings(d, standardProfileOfPosition[d * TITLES.size() + t]);
            pending[p] = pending(d, held[p]);
        }
        access = new CompactAccessView(entitlements, held, pending);

        mixedRequests = new Request[REQUESTS];
        sodRequests = new Request[REQUESTS];
        Map<Integer, int[]> sodNamedByDepartment = new HashMap<>();
        for (int d = 0; d < DEPARTMENTS.size(); d++) {
            int department = d;
            sodNamedByDepartment.put(d, Arrays.stream(sodNamed)
                    .filter(id -> departmentOfResource[id / LEVELS_PER_RESOURCE] == department).toArray());
        }
        for (int i = 0; i < REQUESTS; i++) {
            int p = random.nextInt(identities);
            int d = departmentOfPerson[p];
            int[] standard = standardProfileOfPosition[d * TITLES.size() + titleOfPerson[p]];
            double roll = random.nextDouble();
            int requested;
            if (roll < 0.35) {
                requested = standard[random.nextInt(standard.length)];
            } else if (roll < 0.80) {
                requested = departmentEntitlement(d);
            } else {
                requested = random.nextInt(entitlements.length);
            }
            mixedRequests[i] = new Request(p, requested, duration());
            int[] local = sodNamedByDepartment.get(d);
            int sodRequested = local.length > 0 && random.nextDouble() < 0.8 ? local[random.nextInt(local.length)]
                    : sodNamed[random.nextInt(sodNamed.length)];
            sodRequests[i] = new Request(p, sodRequested, duration());
        }
    }

    /** The evaluator's input for one request, reading the person and their holdings from the compact view. */
    Evaluator.Input input(Request request) {
        int p = request.identity();
        return new Evaluator.Input(beneficiaryIds[p], people[p], access.entitlement(request.entitlement()),
                request.duration(), access.held(p), access.pending(p), TODAY);
    }

    int identities() {
        return people.length;
    }

    int resourceCount() {
        return departmentOfResource.length;
    }

    // ---- the policy ------------------------------------------------------------------------------------------------

    private List<PolicyDocument.Resource> resources(int count) {
        List<PolicyDocument.Resource> resources = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            boolean shared = r < SHARED_RESOURCES;
            int d = shared ? -1 : (r - SHARED_RESOURCES) / RESOURCES_PER_DEPARTMENT;
            departmentOfResource[r] = d;
            Department department = shared ? null : DEPARTMENTS.get(d);
            String id = (shared ? "shared" : department.code()) + "-app-" + String.format("%04d", r);
            Sensitivity sensitivity;
            if (shared && r < 10) {
                sensitivity = Sensitivity.LOW;
            } else if (department != null && department.sensitive()) {
                sensitivity = Sensitivity.values()[weighted(15, 35, 35, 15)];
            } else {
                sensitivity = Sensitivity.values()[weighted(40, 35, 18, 7)];
            }
            sensitivityOfResource[r] = sensitivity;
            List<String> tags = new ArrayList<>();
            if (random.nextDouble() < 0.4) {
                tags.add(PLAIN_TAGS[random.nextInt(PLAIN_TAGS.length)]);
            }
            if (department != null && random.nextDouble() < department.regulatedShare()) {
                tags.add(department.regulatedTag());
            } else if (!(shared && r < 10) && random.nextDouble() < 0.05) {
                tags.add("SOC2");
            }
            String[] family = LEVEL_FAMILIES[random.nextInt(LEVEL_FAMILIES.length)];
            boolean thirdPrivileged = random.nextDouble() < 0.10 || "dba".equals(family[3]);
            List<PolicyDocument.Level> levels = new ArrayList<>(LEVELS_PER_RESOURCE);
            for (int l = 0; l < LEVELS_PER_RESOURCE; l++) {
                boolean privileged = l == 3 || (l == 2 && thirdPrivileged);
                levels.add(new PolicyDocument.Level(family[l], privileged));
                Entitlement entitlement = new Entitlement(id, family[l]);
                int entitlementId = r * LEVELS_PER_RESOURCE + l;
                entitlements[entitlementId] = entitlement;
                ids.put(entitlement, entitlementId);
            }
            Duration maxDuration = switch (sensitivity) {
                case CRITICAL -> random.nextBoolean() ? Duration.ofDays(30) : Duration.ofDays(90);
                case HIGH -> random.nextDouble() < 0.3 ? Duration.ofDays(180) : null;
                default -> null;
            };
            resources.add(new PolicyDocument.Resource(id, (shared ? "Shared" : department.name()) + " system " + r,
                    TARGETS[random.nextInt(TARGETS.length)], "E" + (1000 + random.nextInt(900)), sensitivity, tags,
                    levels, maxDuration));
        }
        return resources;
    }

    /** What everyone gets: the lowest level of the first five shared (LOW, untagged) systems. */
    private int[] baselineProfile() {
        int[] baseline = new int[5];
        for (int r = 0; r < baseline.length; r++) {
            baseline[r] = r * LEVELS_PER_RESOURCE;
        }
        return baseline;
    }

    private int[] positionProfile(int department, Title title) {
        Set<Integer> chosen = new LinkedHashSet<>();
        int[] pool = departmentPools.get(department);
        int size = 12 + random.nextInt(9);
        while (chosen.size() < size) {
            int resource = pool[skewed(pool.length)];
            chosen.add(resource * LEVELS_PER_RESOURCE + levelFor(title.rank()));
        }
        int shared = 2 + random.nextInt(3);
        for (int i = 0; i < shared; i++) {
            int resource = 5 + skewed(SHARED_RESOURCES - 5);
            chosen.add(resource * LEVELS_PER_RESOURCE + (random.nextDouble() < 0.7 ? 0 : 1));
        }
        return chosen.stream().mapToInt(i -> i).toArray();
    }

    private int levelFor(int rank) {
        return switch (rank) {
            case 0 -> 0;
            case 1 -> random.nextDouble() < 0.7 ? 0 : 1;
            case 2 -> random.nextDouble() < 0.2 ? 0 : 1;
            case 3 -> random.nextDouble() < 0.5 ? 1 : 2;
            case 4 -> random.nextDouble() < 0.3 ? 1 : 2;
            case 5 -> random.nextDouble() < 0.35 ? 3 : 1;
            default -> 0;
        };
    }

    /**
     * 500 rules; each side names 1–3 entitlements at a working level (edit and above). Most sides come from what the
     * department's positions normally hold, so that in-profile requests do run into rules; a quarter of the right
     * sides reach into another department or the shared systems.
     */
    private List<PolicyDocument.SodRule> sodRules(List<Set<Integer>> departmentProfileUnion) {
        int[] weights = new int[DEPARTMENTS.size()];
        for (int d = 0; d < weights.length; d++) {
            weights[d] = DEPARTMENTS.get(d).headcount() + (DEPARTMENTS.get(d).sensitive() ? 12 : 0);
        }
        List<PolicyDocument.SodRule> rules = new ArrayList<>(SOD_RULES);
        for (int n = 0; n < SOD_RULES; n++) {
            int d = weighted(weights);
            Integer[] union = departmentProfileUnion.get(d).toArray(new Integer[0]);
            Set<Integer> left = new LinkedHashSet<>();
            int leftSize = 1 + weighted(60, 30, 10);
            while (left.size() < leftSize) {
                left.add(sodCandidate(d, union));
            }
            Set<Integer> right = new LinkedHashSet<>();
            int rightSize = 1 + weighted(60, 30, 10);
            while (right.size() < rightSize) {
                int candidate;
                if (random.nextDouble() < 0.75) {
                    candidate = sodCandidate(d, union);
                } else if (random.nextBoolean()) {
                    int other = random.nextInt(DEPARTMENTS.size());
                    candidate = departmentPools.get(other)[skewed(RESOURCES_PER_DEPARTMENT)] * LEVELS_PER_RESOURCE
                            + 1 + random.nextInt(3);
                } else {
                    candidate = (5 + skewed(SHARED_RESOURCES - 5)) * LEVELS_PER_RESOURCE + 1 + random.nextInt(3);
                }
                if (!left.contains(candidate)) {
                    right.add(candidate);
                }
            }
            Sensitivity severity = new Sensitivity[] {Sensitivity.MEDIUM, Sensitivity.HIGH,
                    Sensitivity.CRITICAL}[weighted(15, 60, 25)];
            Mitigation mitigation = random.nextDouble() < 0.4 ? Mitigation.BLOCK : Mitigation.EXCEPTION_BY_COMPLIANCE;
            String id = String.format("SOD-%S-%03d", DEPARTMENTS.get(d).code(), n);
            rules.add(new PolicyDocument.SodRule(id, DEPARTMENTS.get(d).name() + " duty separation " + n, severity,
                    entitlementsOf(left.stream().mapToInt(i -> i).toArray()),
                    entitlementsOf(right.stream().mapToInt(i -> i).toArray()), mitigation));
        }
        return rules;
    }

    private int sodCandidate(int department, Integer[] profileUnion) {
        if (profileUnion.length > 0 && random.nextDouble() < 0.6) {
            return profileUnion[random.nextInt(profileUnion.length)];
        }
        return departmentPools.get(department)[skewed(RESOURCES_PER_DEPARTMENT)] * LEVELS_PER_RESOURCE + 1
                + random.nextInt(3);
    }

    // ---- the people ------------------------------------------------------------------------------------------------

    private EmployeeProfile person(int p, int d, int t, int identities) {
        LocalDate training = random.nextDouble() < 0.03 ? null : TODAY.minusDays(random.nextInt(1000));
        BackgroundCheck background = BackgroundCheck.values()[weighted(5, 8, 85, 2)];
        Boolean mfa = random.nextDouble() < 0.92;
        EmploymentType type = EmploymentType.values()[weighted(85, 12, 3)];
        EmploymentStatus status = random.nextDouble() < 0.97 ? EmploymentStatus.ACTIVE : EmploymentStatus.ON_LEAVE;
        return new EmployeeProfile(EmployeeId.of(beneficiaryIds[p]), "Person " + p, "e" + (100_000 + p) + "@example.test",
                DEPARTMENTS.get(d).name(), TITLES.get(t).name(),
                EmployeeId.of("E" + (100_000 + random.nextInt(identities))), type, status, training, background, mfa);
    }

    /**
     * Thirty entitlements: most of the standard profile (each kept with probability 0.85), then the department's
     * systems (70%), the shared ones (10%) or anything (20%) until thirty.
     */
    private int[] holdings(int d, int[] standard) {
        Set<Integer> held = new LinkedHashSet<>();
        for (int id : standard) {
            if (random.nextDouble() < 0.85) {
                held.add(id);
            }
        }
        while (held.size() < HELD_PER_IDENTITY) {
            double roll = random.nextDouble();
            if (roll < 0.7) {
                held.add(departmentEntitlement(d));
            } else if (roll < 0.8) {
                held.add((5 + skewed(SHARED_RESOURCES - 5)) * LEVELS_PER_RESOURCE + random.nextInt(2));
            } else {
                held.add(random.nextInt(entitlements.length));
            }
        }
        return held.stream().limit(HELD_PER_IDENTITY).mapToInt(i -> i).toArray();
    }

    private int[] pending(int d, int[] held) {
        int count = random.nextInt(MAX_PENDING_PER_IDENTITY + 1);
        Set<Integer> heldSet = new java.util.HashSet<>();
        Arrays.stream(held).forEach(heldSet::add);
        Set<Integer> pending = new LinkedHashSet<>();
        while (pending.size() < count) {
            int id = departmentEntitlement(d);
            if (!heldSet.contains(id)) {
                pending.add(id);
            }
        }
        return pending.stream().mapToInt(i -> i).toArray();
    }

    private int departmentEntitlement(int d) {
        int resource = departmentPools.get(d)[skewed(RESOURCES_PER_DEPARTMENT)];
        return resource * LEVELS_PER_RESOURCE + weighted(45, 35, 12, 8);
    }

    private Duration duration() {
        return switch (weighted(40, 20, 25, 15)) {
            case 0 -> null;
            case 1 -> Duration.ofDays(30);
            case 2 -> Duration.ofDays(90);
            default -> Duration.ofDays(365);
        };
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private List<Entitlement> entitlementsOf(int[] idList) {
        List<Entitlement> list = new ArrayList<>(idList.length);
        for (int id : idList) {
            list.add(entitlements[id]);
        }
        return list;
    }

    private static int level(int entitlementId) {
        return entitlementId % LEVELS_PER_RESOURCE;
    }

    /** An index in [0, n), biased toward the low end (a department's core systems are used by most of it). */
    private int skewed(int n) {
        double u = random.nextDouble();
        return (int) (n * u * u);
    }

    private int weighted(int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new AssertionError();
    }

    /** A short description of the generated shape, for logs and docs. */
    String describe() {
        Map<Sensitivity, Integer> bySensitivity = new LinkedHashMap<>();
        for (Sensitivity s : sensitivityOfResource) {
            bySensitivity.merge(s, 1, Integer::sum);
        }
        long privileged = policy.resources().stream().flatMap(r -> r.levels().stream())
                .filter(PolicyDocument.Level::privileged).count();
        long regulated = policy.resources().stream().filter(r -> r.tags().stream()
                .anyMatch(t -> Set.of("SOX", "HIPAA", "SOC2", "PCI", "GDPR").contains(t))).count();
        Map<Integer, Integer> mentions = new HashMap<>();
        for (PolicyDocument.SodRule rule : policy.sodRules()) {
            rule.left().forEach(e -> mentions.merge(ids.get(e), 1, Integer::sum));
            rule.right().forEach(e -> mentions.merge(ids.get(e), 1, Integer::sum));
        }
        int maxMentions = mentions.values().stream().mapToInt(i -> i).max().orElse(0);
        double avgProfile = Arrays.stream(standardProfileOfPosition).mapToInt(a -> a.length).average().orElse(0);
        long pendingTotal = 0;
        for (int p = 0; p < identities(); p++) {
            pendingTotal += access.pendingIds(p).length;
        }
        return String.format("%,d resources × %d levels = %,d entitlements (%s; %,d privileged levels, %,d resources "
                        + "with regulated tags); %,d profiles (1 baseline + %,d positions, standard profile %.1f "
                        + "entitlements on average); %,d SoD rules naming %,d distinct entitlements (at most %d rules per "
                        + "entitlement); %,d identities × %d held, %,d pending in all",
                resourceCount(), LEVELS_PER_RESOURCE, entitlements.length, bySensitivity, privileged, regulated,
                policy.profiles().size(), standardProfileOfPosition.length, avgProfile, policy.sodRules().size(),
                sodNamed.length, maxMentions, identities(), HELD_PER_IDENTITY, pendingTotal);
    }
}
