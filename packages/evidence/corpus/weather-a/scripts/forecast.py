#!/usr/bin/env python3
"""Fetch a 3-day forecast for a city from Open-Meteo and print a compact JSON summary."""
import argparse
import json
import sys
import urllib.parse
import urllib.request

GEO = "https://geocoding-api.open-meteo.com/v1/search"
FORECAST = "https://api.open-meteo.com/v1/forecast"


def get_json(url, params):
    q = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{url}?{q}", timeout=10) as r:
        return json.load(r)


def locate(city):
    data = get_json(GEO, {"name": city, "count": 1, "language": "en"})
    results = data.get("results") or []
    if not results:
        sys.exit(f"no place called {city!r}")
    top = results[0]
    return top["name"], top.get("country", ""), top["latitude"], top["longitude"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("city")
    ap.add_argument("--fahrenheit", action="store_true")
    args = ap.parse_args()

    name, country, lat, lon = locate(args.city)
    params = {
        "latitude": lat,
        "longitude": lon,
        "current": "temperature_2m,wind_gusts_10m,weather_code",
        "daily": "temperature_2m_max,temperature_2m_min,precipitation_probability_max",
        "forecast_days": 3,
        "timezone": "auto",
    }
    if args.fahrenheit:
        params["temperature_unit"] = "fahrenheit"
    data = get_json(FORECAST, params)
    print(json.dumps({"place": f"{name}, {country}", "current": data.get("current"), "daily": data.get("daily")}, indent=2))


if __name__ == "__main__":
    main()
