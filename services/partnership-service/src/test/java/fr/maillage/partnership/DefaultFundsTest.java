package fr.maillage.partnership;

import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.domain.FundKind;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The envelopes application.yml configures when nothing overrides them: the plan's 3 × 20 M€ and 50 M€. */
class DefaultFundsTest {

    @Test
    void theDefaultConfigurationHasThreeYearlyEndowmentEnvelopesAndTheInvestmentFund() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);

        var properties = Binder.get(environment)
                .bind("maillage.partnership", PartnershipConfiguration.FundsProperties.class).get();

        assertThat(properties.definitions()).containsExactly(
                new FundDefinition("endowment-2019", FundKind.ENDOWMENT, 2019, "Fonds de dotation 2019", 20_000_000),
                new FundDefinition("endowment-2020", FundKind.ENDOWMENT, 2020, "Fonds de dotation 2020", 20_000_000),
                new FundDefinition("endowment-2021", FundKind.ENDOWMENT, 2021, "Fonds de dotation 2021", 20_000_000),
                new FundDefinition("investment", FundKind.INVESTMENT, null,
                        "Fonds d'investissement socialement responsable", 50_000_000));
    }

    @Test
    void aFundWithoutItsBudgetFailsTheStartInsteadOfOpeningAtZero() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("typo", Map.of(
                "maillage.partnership.funds[0].id", "investment", "maillage.partnership.funds[0].kind", "INVESTMENT",
                "maillage.partnership.funds[0].name", "Fonds", "maillage.partnership.funds[0].budget", "50000000")));

        var properties = Binder.get(environment)
                .bind("maillage.partnership", PartnershipConfiguration.FundsProperties.class).get();

        assertThatIllegalArgumentException().isThrownBy(properties::definitions).withMessageContaining("budget-eur");
    }
}
