"""The countries of the world map: NATO members, the AP4 partners and the others, by
continent, from the map's GeoJSON and countries.csv."""

from __future__ import annotations


def country_groups(geojson: dict, countries):
    """One row per map country: iso3, name, group ('NATO member', 'AP4 partner' or
    'other'), continent; fails if a code of countries.csv has no shape on the map."""
    import pandas as pd

    shapes = pd.DataFrame(
        [
            {
                "iso3": feature["properties"]["iso_a3"],
                "map_name": feature["properties"]["name"],
                "continent": feature["properties"]["continent"],
            }
            for feature in geojson["features"]
        ]
    )
    missing = sorted(set(countries["iso3"]) - set(shapes["iso3"]))
    if missing:
        raise ValueError(f"countries without a shape on the map: {', '.join(missing)}")
    merged = shapes.merge(countries[["iso3", "country", "group"]], on="iso3", how="left")
    merged["group"] = merged["group"].fillna("other").astype(str)
    merged["country"] = merged["country"].fillna(merged["map_name"]).astype(str)
    return merged
