"""The analysts' report: a static, offline site rebuilt after every publish.

`warehouse/docs/report/index.html` shows the published warehouse as charts (incidents per month,
money by payer in euros, top actors and who accuses or meets whom, counts over time, data
quality); every number links to the facts behind it (`facts/*.html`), and every fact to its
article page (`articles/<article_key>.html`), where the words it was read from are highlighted
and a hover gives the normalised value. Modules: `queries` (all SQL), `charts` (Vega-Lite specs
through Altair; why Altair is said there), `vendor` (the Vega JavaScript shipped with the pages),
`spans` (highlighting), `layout` (templates and formatting), `facts`, `articles`, `site`.
"""
