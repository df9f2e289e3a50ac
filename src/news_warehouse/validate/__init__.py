"""Quality gate: GX suites of `expectations/` over the build file's marts (`gate.validate_build`)."""
