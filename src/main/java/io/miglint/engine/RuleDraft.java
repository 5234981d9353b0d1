package io.miglint.engine;

import io.miglint.rule.FindingDraft;
import io.miglint.sql.Span;

/** What a statement or script rule reported, where, before it becomes a {@link io.miglint.rule.Finding}. */
record RuleDraft(RuleSelection.Active rule, Span span, FindingDraft draft) {}
