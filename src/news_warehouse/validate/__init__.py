"""Quality gate: dbt-checked builds audited by the GX suites of `expectations/` on their delta (`gate.validate_build`)."""
