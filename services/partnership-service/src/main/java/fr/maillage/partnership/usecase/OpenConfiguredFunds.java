package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.store.FundStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Opens the configured fund envelopes that do not exist yet, and applies changed budgets. */
@Service
public class OpenConfiguredFunds {

    private static final Logger log = LoggerFactory.getLogger(OpenConfiguredFunds.class);

    private final FundStore funds;
    private final Clock clock;

    OpenConfiguredFunds(FundStore funds, Clock clock) {
        this.funds = funds;
        this.clock = clock;
    }

    public void open(List<FundDefinition> definitions) {
        Set<String> ids = new HashSet<>();
        for (FundDefinition definition : definitions) {
            if (!ids.add(definition.id())) {
                throw new IllegalStateException("maillage.partnership.funds lists fund " + definition.id() + " twice");
            }
        }
        for (FundDefinition definition : definitions) {
            FundStore.Opening opening = funds.open(definition, clock.instant());
            switch (opening) {
                case OPENED -> log.info("Fund {} opened with a budget of {} €", definition.id(), definition.budgetEur());
                case BUDGET_CHANGED -> log.info("Fund {} now has a budget of {} €", definition.id(), definition.budgetEur());
                case BUDGET_BELOW_COMMITTED -> log.error("Fund {} keeps its budget: more than the configured {} € is already committed",
                        definition.id(), definition.budgetEur());
                case UNCHANGED -> log.debug("Fund {} unchanged", definition.id());
            }
        }
    }
}
