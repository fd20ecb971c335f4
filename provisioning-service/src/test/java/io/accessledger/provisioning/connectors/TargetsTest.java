package io.accessledger.provisioning.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.entra.EntraConnector;
import io.accessledger.provisioning.connectors.okta.OktaConnector;
import io.accessledger.provisioning.connectors.scim.ScimConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** The targets bound from YAML exactly as a user writes it, and refused at startup when they cannot work. */
class TargetsTest {
    private static final List<Connector> CONNECTORS = List.of(new ManualConnector(), new ScimConnector(),
            new OktaConnector(Clock.systemUTC()), new EntraConnector(Clock.systemUTC()));

    private static Targets bind(String yaml) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("user.yml",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
            return Targets.from(new Binder(ConfigurationPropertySources.from(sources)), CONNECTORS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<TargetProblem> problems(String yaml) {
        try {
            bind(yaml);
        } catch (InvalidTargets invalid) {
            return invalid.problems();
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void theGroupsListAsAUserWritesItMapsEachEntitlementToItsGroup() {
        Targets targets = bind("""
                accessledger:
                  provisioning:
                    targets:
                      wiki:
                        type: scim
                        base-url: https://wiki.example.com/scim/v2
                        token: s3cret
                        dialect: okta
                        groups:
                          - entitlement: "wiki:edit"
                            group: wiki-editors
                          - {entitlement: wiki:read, group: Wiki Readers}
                """);

        TargetSettings wiki = targets.target("wiki").orElseThrow();
        assertThat(wiki.groups()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("wiki:edit", "wiki-editors",
                "wiki:read", "Wiki Readers"));
        assertThat(wiki.groupFor(Entitlement.parse("wiki:edit"))).isEqualTo("wiki-editors");
        assertThat(wiki.baseUrl()).isEqualTo("https://wiki.example.com/scim/v2");
        assertThat(wiki.id()).isEqualTo("wiki");
    }

    @Test
    void theMapFormStillWorksWithBracketedKeys() {
        Targets targets = bind("""
                accessledger.provisioning.targets:
                  okta-prod:
                    type: okta
                    orgUrl: https://example.okta.com
                    apiToken: 00abc
                    groups:
                      "[finance-app:read]": Finance Readers
                """);

        assertThat(targets.target("okta-prod").orElseThrow().groups())
                .containsExactlyEntriesOf(java.util.Map.of("finance-app:read", "Finance Readers"));
    }

    @Test
    void anUnbracketedMapKeyIsRefusedWithTheKeyRelaxedBindingLeftAndTheFix() {
        List<TargetProblem> problems = problems("""
                accessledger:
                  provisioning:
                    targets:
                      wiki:
                        type: scim
                        baseUrl: https://wiki.example.com/scim/v2
                        token: s3cret
                        groups: {"wiki:edit": wiki-editors}
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("accessledger.provisioning.targets.wiki.groups.wikiedit");
            assertThat(problem.problem()).contains("'wikiedit' is not an entitlement");
            assertThat(problem.fix()).contains("[{entitlement: \"wiki:edit\", group: wiki-editors}]")
                    .contains("\"[wiki:edit]\"");
        });
    }

    @Test
    void aTargetsConcurrencyDefaultsToEightAndBelowOneIsRefused() {
        Targets targets = bind("""
                accessledger.provisioning.targets:
                  wiki: {type: scim, baseUrl: "https://wiki.example.com/scim/v2", token: t, concurrency: 2,
                         groups: [{entitlement: "wiki:edit", group: e}]}
                  desk: {type: manual}
                """);
        assertThat(targets.target("wiki").orElseThrow().concurrency()).isEqualTo(2);
        assertThat(targets.target("desk").orElseThrow().concurrency()).isEqualTo(8);

        List<TargetProblem> problems = problems("""
                accessledger.provisioning.targets:
                  desk: {type: manual, concurrency: 0}
                """);
        assertThat(problems).extracting(TargetProblem::key)
                .containsExactly("accessledger.provisioning.targets.desk.concurrency");
    }

    @Test
    void eachMissingCredentialIsNamedByItsKey() {
        List<TargetProblem> problems = problems("""
                accessledger.provisioning.targets:
                  wiki: {type: scim, baseUrl: "https://wiki.example.com/scim/v2", groups: [{entitlement: "wiki:edit", group: e}]}
                  okta-prod: {type: okta, apiToken: t, groups: [{entitlement: "crm:read", group: g}]}
                  entra-prod: {type: entra, tenantId: t, clientId: c, groups: [{entitlement: "vpn:use", group: v}]}
                  desk: {type: manual}
                """);

        assertThat(problems).extracting(TargetProblem::key).containsExactlyInAnyOrder(
                "accessledger.provisioning.targets.wiki.token",
                "accessledger.provisioning.targets.okta-prod.orgUrl",
                "accessledger.provisioning.targets.entra-prod.clientSecret");
        assertThat(problems).allSatisfy(problem -> assertThat(problem.fix()).startsWith("set "));
    }

    @Test
    void anUnknownTypeABadDialectABadEntitlementAndADuplicateAreRefused() {
        List<TargetProblem> problems = problems("""
                accessledger.provisioning.targets:
                  hr: {type: workday}
                  wiki:
                    type: scim
                    baseUrl: https://wiki.example.com/scim/v2
                    token: s3cret
                    dialect: ping
                    groups:
                      - {entitlement: "wiki", group: a}
                      - {entitlement: "wiki:edit", group: b}
                      - {entitlement: "wiki:edit", group: c}
                """);

        assertThat(problems).extracting(TargetProblem::key).containsExactlyInAnyOrder(
                "accessledger.provisioning.targets.hr.type",
                "accessledger.provisioning.targets.wiki.dialect",
                "accessledger.provisioning.targets.wiki.groups[0].entitlement",
                "accessledger.provisioning.targets.wiki.groups[2].entitlement");
        assertThat(problems.get(0).fix()).contains("manual").contains("scim").contains("okta").contains("entra");
    }

    @Test
    void aConnectorTargetWithoutGroupsIsRefusedAndTheMessageNamesEveryProblem() {
        assertThatThrownBy(() -> bind("""
                accessledger.provisioning.targets:
                  wiki: {type: scim, baseUrl: "https://wiki.example.com/scim/v2", token: s3cret}
                """)).isInstanceOf(InvalidTargets.class)
                .hasMessageContaining("accessledger.provisioning.targets.wiki.groups: maps no entitlement to a group")
                .hasMessageContaining("Fix: add groups: [{entitlement:");
    }

    @Test
    void manualTargetsNeedNothingAndNoTargetsAtAllIsFine() {
        assertThat(bind("accessledger.provisioning.targets.desk.type: manual\n").typeOf("desk")).isEqualTo("manual");
        assertThat(bind("other: 1\n").targets()).isEmpty();
    }
}
