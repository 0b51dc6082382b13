# Shared paths and helpers for the rule files.
import yaml

DATAPACKAGE = config["data"]["package"]
REPORT_PDF = f"reports/{config['report']['name']}.pdf"
VALIDATED = "results/validated.json"
STYLE = "style/house.mplstyle"
FONTS = sorted(map(str, Path("fonts").glob("*.ttf")))
PARTNERS = config["countries"]["partners"]
COMPARATORS = config["countries"]["comparators"]

with open(DATAPACKAGE, encoding="utf-8") as _handle:
    _RESOURCES = {
        resource["name"]: str(Path(DATAPACKAGE).parent / resource["path"])
        for resource in yaml.safe_load(_handle)["resources"]
    }


def data(*names):
    """The metadata and files of the named datasets.

    A step validates what it reads (ap4report.datapackage.DataPackage.read_tables), so it
    depends on its own datasets only: changing one dataset reruns only its dependants.
    """
    return [DATAPACKAGE, *(_RESOURCES[name] for name in names)]
