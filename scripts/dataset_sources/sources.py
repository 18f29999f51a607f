"""Every embedded source: id, publisher, title, original file, URL, licence, reader."""

from __future__ import annotations


from dataset_sources.sdg_platform import platform_sources

from dataset_sources.common import (
    BNS,
    FACTS,
    IND,
    LAW_URL,
    MKE,
    MKE_URL,
    ODK,
    ODK_URL,
    REGIONS,
    SDG,
    SDG_LICENCE,
    SDG_URL,
    STAT,
    TALDAU,
    Source,
    dims_of,
)
from dataset_sources.budgets import BUDGET_PLANS, read_budget_plans
from dataset_sources.economy import (
    read_cash_income,
    read_consumer_expenditure,
    read_grp,
    read_grp_pc_bns,
    read_investment,
    read_srs,
    read_srs_national,
    read_wage_occsurvey,
)
from dataset_sources.labour import read_employment, read_unemployment, read_wages
from dataset_sources.population import (
    read_life_expectancy,
    read_population_2023,
    read_population_avg,
)
from dataset_sources.sdg_tables import (
    HEALTH,
    SCHOOL_SERVICE,
    SPEED,
    by_area,
    by_area_sex,
    read_mobile_coverage,
    tidy_file,
    withdrawals_only,
)
from dataset_sources.social import read_education_finance, read_schools


def sources() -> list[Source]:
    """Every embedded source: id, publisher, title, original file, URL, licence, reader."""
    # fmt: off
    return [
        Source("bns_population_2023", BNS, "Population of the Republic of Kazakhstan by sex and type of area on 1 January 2023 (bulletin), tables 01-03 (sheet 03: towns, district centres and okrugs)", "raw/bns/population_2023-01-01_bulletin.xlsx; kz_units_population_2023-01-01.csv", STAT, FACTS, read_population_2023),
        Source("bns_population_avg", MKE, "Average annual population, total and rural, 2009-2025, on 2022 borders", IND + "population_avg_urban_rural_by_region_2009_2025.csv", MKE_URL, "no licence stated", read_population_avg),
        Source("taldau_grp_2709379", "BNS / Taldau", "Gross regional product (production method), current prices, index 2709379", "kz_grp_by_region_2000_2024.csv", TALDAU, FACTS, read_grp),
        Source("bns_grp_per_capita_2022", BNS, "GRP per capita 2022 (official figure where known)", REGIONS + " (grp_per_capita_2022_thou_kzt_official)", STAT, FACTS, read_grp_pc_bns),
        Source("bns_wages_by_occupation_2022", BNS, "Average wage by occupation group and region, 2022 (total column)", REGIONS + " (avg_monthly_wage_2022_kzt_occsurvey); raw/bns/wages_by_occupation_2022.xlsx", STAT, FACTS, read_wage_occsurvey),
        Source("srs_provision_2024", "Official publications on the System of Regional Standards", "Provision level of the System of Regional Standards, 2024 (7 regions published)", REGIONS + " (srs_provision_2024_pct)", STAT, "published facts", read_srs),
        Source("srs_provision_national", "Official publications on the System of Regional Standards", "Provision level of the System of Regional Standards: national 2021 and 2024; villages and cities 2022 and 2024", "SOURCES.md (Published facts on the SRS and targets)", STAT, "published facts", read_srs_national),
        Source("taldau_cash_income_704447", "BNS / Taldau", "Average per-capita nominal cash income, index 704447", "kz_avg_per_capita_nominal_cash_income_by_region.csv", TALDAU, FACTS, read_cash_income),
        Source("taldau_consumer_expenditure", "BNS / Taldau", "Consumer expenditure by region and type of area", "raw/taldau/consumer_expenditure_region_urban_rural.json", TALDAU, FACTS, read_consumer_expenditure),
        Source("bns_investment_5546", MKE, "Investment in fixed capital (table 5546), current prices, 2003-2025", IND + "fixed_capital_investment_by_region_2003_2025.csv", MKE_URL, "no licence stated", read_investment),
        Source("bns_employment_sectors", MKE, "Employed persons by broad sector (labour force survey), 2016-2025", IND + "employment_by_broad_sector_by_region_2016_2025.csv", MKE_URL, "no licence stated", read_employment),
        Source("bns_wages_quarterly_2022", ODK, "Average monthly nominal wage by quarter, 2022", IND + "avg_wage_quarterly_by_region_2022.csv", ODK_URL, "PDDL 1.0", read_wages),
        Source("bns_unemployment_lfs", BNS, "Unemployment rate by region (labour force survey), quarterly and annual, 2001-2023", "kz_unemployment_rate_by_region_2001_2023.csv", STAT, FACTS, read_unemployment),
        Source("bns_life_expectancy", BNS, "Life expectancy at birth by region, 1999-2022", "kz_life_expectancy_by_region_1999_2022.csv", STAT, FACTS, read_life_expectancy),
        Source("odk_schools", ODK, "General education schools, total/urban/rural, 2000/01-2022/23", IND + "general_schools_count_by_region_2000_2022.csv (raw/bns_tables/odk_schools.xlsx)", ODK_URL, "PDDL 1.0", read_schools),
        Source("odk_hospitals", ODK, "Hospital organisations, 2000-2022", IND + "hospital_organisations_by_region_2000_2022.csv (raw/bns_tables/odk_med_institutions_source.xls)", ODK_URL, "PDDL 1.0", tidy_file("hospital_organisations_by_region_2000_2022.csv", "hospitals")),
        Source("odk_doctors", ODK, "Doctors of all specialties at year end, 2003-2022", IND + "doctors_all_specialties_by_region_2003_2022.csv (raw/bns_tables/odk_doctors_all_specialties.xls)", ODK_URL, "CC-BY-SA 4.0", tidy_file("doctors_all_specialties_by_region_2003_2022.csv", "doctors")),
        Source("odk_education_finance_2022", ODK, "Revenues and expenditures of education organisations, 2022", IND + "education_organisations_finance_by_region_2022.csv (raw/bns_tables/odk_bns_education_org_revenues_expenditures_2022.xls)", ODK_URL, "PDDL 1.0", read_education_finance),
        Source("sdg_housing", SDG, "Housing floor area per resident", IND + "housing_m2_per_resident_by_region_2010_2023.csv", SDG_URL, SDG_LICENCE, tidy_file("housing_m2_per_resident_by_region_2010_2023.csv", "housing_m2_pc", by_area)),
        Source("sdg_health_workers", SDG, "Health workers per 1,000 population (national)", IND + "health_workers_per_1000_national_2014_2023.csv", SDG_URL, SDG_LICENCE, tidy_file("health_workers_per_1000_national_2014_2023.csv", "health_workers_per_1k", lambda r: dims_of(profession=HEALTH[r["breakdown"]]))),
        Source("sdg_mobile_coverage", SDG, "Population covered by a mobile network (national)", IND + "mobile_network_coverage_share_national_2012_2023.csv", SDG_URL, SDG_LICENCE, read_mobile_coverage),
        Source("law_general_transfers_2026", "Law of the Republic of Kazakhstan on general transfers for 2026-2028, art. 1", "Budget withdrawals to the republican budget, 2026-2027", IND + "general_transfers_law_withdrawals_by_region_2026_2028.csv", LAW_URL, "official act (facts)", tidy_file("general_transfers_law_withdrawals_by_region_2026_2028.csv", "budget_withdrawals", withdrawals_only)),
        Source("maslikhat_budget_plans", "Regional maslikhats of the Republic of Kazakhstan (decisions on the oblast budgets)", "Approved regional (oblast) budgets: planned revenues by type (tax, non-tax, sale of fixed capital, transfers); plans, not execution; the regions whose decision was read", BUDGET_PLANS + " (one act per row, with its address)", "https://adilet.zan.kz", "official act (facts)", read_budget_plans),
    ] + platform_sources()
    # fmt: on


# -- build -------------------------------------------------------------------------------
