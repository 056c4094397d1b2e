#!/usr/bin/env python3
"""An independent Python reading of the toy programme (tests/toy/program.yaml).

It computes the expected results of the toy cases with decimal.Decimal, without
the engine, and writes tests/toy/tests/hesaplanan.yaml. Run it after changing
a case below or the toy law:  python3 tests/toy/oracle.py

The engine keeps 6 decimal places (half-even) after each * and /; formulas round
where they say. This file mirrors that, so a difference between the two is a bug
in one of them.
"""
import datetime as dt
from decimal import Decimal as D, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_DOWN, ROUND_UP, \
    ROUND_FLOOR, ROUND_CEILING
import os

Q6 = D("0.000001")
C = D("0.01")


def mul(a, b): return (D(a) * D(b)).quantize(Q6, ROUND_HALF_EVEN)
def div(a, b): return (D(a) / D(b)).quantize(Q6, ROUND_HALF_EVEN)
def rnd(x, mode): return D(x).quantize(C, mode)
def day(s): return dt.date.fromisoformat(s)
def month(s): y, m = s.split("-"); return int(y) * 12 + int(m) - 1
def month_text(n): return f"{n // 12:04d}-{n % 12 + 1:02d}"


def add_months(d, n):
    m = d.year * 12 + d.month - 1 + n
    y, mo = divmod(m, 12)
    mo += 1
    last = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, mo, min(d.day, last))


def add_years(d, n): return add_months(d, 12 * n)


def param(history, on):
    value = None
    for start, v in history:
        if day(start) <= on: value = v
    assert value is not None, f"no value on {on}"
    return value


ORAN = [("2021-01-01", D("0.40")), ("2023-07-01", D("0.50"))]
GUNLUK_TAVAN = [("2021-01-01", D("100.00")), ("2024-01-01", D("120.00"))]
TABAN = [("2021-01-01", D("1000.00")), ("2024-01-01", D("1500.00"))]
TAVAN = [("2021-01-01", D("2800.00"))]
KODLAR = [("2021-01-01", {1, 2, 3}), ("2024-01-01", {1, 2})]
BOLGELER = {"deprem", "sel"}
VERGI = ([(D(1000), D("0.10")), (D(2000), D("0.15"))], D("0.30"))
DAMGA = D("0.00759")


def scale(base):
    tax, lo = D(0), D(0)
    brackets, top = VERGI
    for upto, rate in brackets:
        if base > lo: tax += mul(min(base, upto) - lo, rate)
        lo = upto
    if base > lo: tax += mul(base - lo, top)
    return tax


def evaluate(c, reform=False):
    """Returns (status, failed ids, values dict, payments list) for a claim dict."""
    oran = ORAN + ([("2023-07-01", D("0.60"))] if reform else [])
    fesih, basvuru = day(c["fesih_tarihi"]), day(c["basvuru_tarihi"])
    fesih_ayi = fesih.year * 12 + fesih.month - 1
    primler = c.get("primler")
    in_12 = [r for r in primler or [] if fesih_ayi - 11 <= month(r["ay"]) <= fesih_ayi]
    in_3 = [r for r in primler or [] if fesih_ayi - 2 <= month(r["ay"]) <= fesih_ayi]
    prim_gun = D(c["prim_gun"]) if "prim_gun" in c else sum(D(r["gun"]) for r in in_12)
    kazanc = D(c["kazanc_3_ay"]) if "kazanc_3_ay" in c else sum(D(r["kazanc"]) for r in in_3)
    if "son_90_gun_akdi" in c:
        akdi = c["son_90_gun_akdi"]
    else:
        lo = fesih - dt.timedelta(days=89)
        days = {lo + dt.timedelta(days=k) for k in range(90)}
        for s in c.get("sozlesmeler", []):
            days = {d for d in days if not (day(s["baslangic"]) <= d <= day(s["bitis"]))}
        akdi = not days
    olaylar = c.get("olaylar", [])
    yil_lo = add_years(fesih, -1) + dt.timedelta(days=1)
    olay_toplami = sum((D(o["tutar"]) for o in olaylar if yil_lo <= day(o["tarih"]) <= fesih), D(0))
    engelli = bool(c.get("engelli", False))
    bolge = c.get("bolge", "")
    kod = c["kod"]

    gecikme = D(0) if engelli else max(D(0), D((basvuru - fesih).days - 30))
    if reform:
        hak = D(60) if D(150) <= prim_gun < D(270) else D(90) if D(270) <= prim_gun <= D(366) else D(0)
    else:
        hak = D(60) if D(180) <= prim_gun < D(270) else D(90) if D(270) <= prim_gun <= D(366) else D(0)
    if engelli and prim_gun >= 180: hak = D(120)
    sure = max(D(0), hak - gecikme)
    gunluk_kazanc = div(kazanc, 90)
    carpan = D(c.get("katsayi", 1))
    ham = mul(mul(param(oran, fesih), gunluk_kazanc), carpan)
    gunluk_brut = rnd(min(ham, param(GUNLUK_TAVAN, fesih)), ROUND_HALF_UP)
    aylik_brut = mul(gunluk_brut, 30)
    taban = param(TABAN, fesih)
    sinirli = min(max(aylik_brut, taban), param(TAVAN, fesih))
    ek = rnd(mul(sinirli, D(c.get("ek_oran", "0.10"))), ROUND_HALF_EVEN) if bolge in BOLGELER else D(0)
    saat = rnd(mul(div(D(c.get("haftalik_saat", 0)), 45), D(100)), ROUND_FLOOR)
    vergi = rnd(scale(sinirli), ROUND_DOWN)
    damga = rnd(mul(sinirli, DAMGA), ROUND_CEILING)
    kesintiler = -(vergi + damga + saat)
    net = sinirli + ek + kesintiler

    conditions = [
        ("yururlukte", day("2022-01-01") <= basvuru <= day("2025-12-31")),
        ("kod_uygun", kod in param(KODLAR, fesih)),
        ("kod_yasakli_degil", kod not in (97, 98, 99)),
        ("prim_yeterli", prim_gun >= (150 if reform else 180)),
        ("akdi_surekli", akdi or engelli),
        ("basvuru_zamaninda", fesih <= basvuru <= add_years(fesih, 1)),
        ("olay_siniri", olay_toplami <= D("10000.00")),
        ("bolge_yasak_degil", bolge != "yasak"),
    ]
    if reform: conditions.append(("kod_bir_degil", kod != 1))
    failed = [i for i, ok in conditions if not ok]
    values = {
        "sure_gun": sure, "gunluk_brut": gunluk_brut, "aylik_brut": aylik_brut,
        "aylik_sinirli": sinirli, "taban_farki": abs(aylik_brut - taban), "bolge_eki": ek,
        "saat_kesintisi": saat, "gelir_vergisi": vergi, "damga": damga,
        "kesintiler": kesintiler, "aylik_net": net, "carpan": carpan,
        "son_basvuru_gunu": (fesih + dt.timedelta(days=30)).isoformat(),
        "bir_ay_sonra": add_months(fesih, 1).isoformat(),
        "sonraki_ay": month_text(fesih_ayi + 1),
    }
    if primler is not None:
        values["prim_ay_sayisi"] = len(in_12)
        values["en_az_aylik_gun"] = min(D(r["gun"]) for r in in_12)
        values["en_yuksek_kazanc"] = max(D(r["kazanc"]) for r in in_12)
    if "sozlesmeler" in c:
        lo = fesih - dt.timedelta(days=89)
        values["akdi_gun_90"] = sum(
            1 for k in range(90)
            if any(day(s["baslangic"]) <= lo + dt.timedelta(days=k) <= day(s["bitis"])
                   for s in c["sozlesmeler"]))
    if "olaylar" in c:
        values["olay_sayisi_fesih_ayi"] = sum(
            1 for o in olaylar if day(o["tarih"]).year * 12 + day(o["tarih"]).month - 1 == fesih_ayi)
    payments = []
    left, start = sure, basvuru
    while left > 0:
        days = min(D(30), left)
        g = rnd(min(ham, param(GUNLUK_TAVAN, start)), ROUND_HALF_UP)
        gross = mul(days, g)
        stamp = rnd(mul(gross, DAMGA), ROUND_UP)
        payments.append(f"{start.isoformat()[:7]} {days} {gross:.2f} {stamp:.2f} {gross - stamp:.2f}")
        left -= days
        start += dt.timedelta(days=30)
    return ("ineligible" if failed else "eligible"), failed, values, payments


def text(v):
    if isinstance(v, D):
        return f"{v:.2f}" if v != v.to_integral() or "." in str(v) else str(v)
    return str(v)


MONEY = {"gunluk_brut", "aylik_brut", "aylik_sinirli", "taban_farki", "bolge_eki", "saat_kesintisi",
         "gelir_vergisi", "damga", "kesintiler", "aylik_net", "en_yuksek_kazanc"}


def value_text(name, v):
    if name in MONEY: return f"{D(v):.2f}"
    if isinstance(v, D): return format(v.normalize(), "f") if v == v.to_integral() else str(v)
    return str(v)


FACTS = {"son_90_gun_akdi": True}
# 12 monthly premium records 2022-07..2023-06 (2023-01 has 20 days; 2023-03 earns
# the most) and one record before the window that must not count.
HISTORY = {
    "fesih_tarihi": "2023-06-30", "basvuru_tarihi": "2023-07-03", "kod": 3,
    "primler": [{"ay": "2022-06", "gun": 30, "kazanc": "99999.00"}] + [
        {"ay": month_text(month("2022-07") + k),
         "gun": 20 if k == 6 else 30,
         "kazanc": "12000.00" if k == 8 else "9000.00"} for k in range(12)],
    "sozlesmeler": [{"baslangic": "2022-01-01", "bitis": "2023-04-15"},
                    {"baslangic": "2023-04-16", "bitis": "2023-06-30"}],
    "olaylar": [{"tarih": "2022-06-30", "tutar": "5000.00"}, {"tarih": "2022-07-01", "tutar": "3000.00"},
                {"tarih": "2023-06-05", "tutar": "4000.00"}, {"tarih": "2023-06-30", "tutar": "2500.00"}],
}
# Each case: (name, description, claim, reform?)
CASES = [
    ("tavandan_olgu", "Olgu biçimi: günlük 0.40 × 300 = 120 TL tavana (100) takılır; aylık 3000 üst sınıra (2800) indirilir; vergi üç dilimden.",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=200, kazanc_3_ay="27000.00"), False),
    ("tavan_artisi_odeme_takviminde", "Ödeme takvimi 2024-01-01'de yükselen günlük tavanı üçüncü dönemde okur (100 → 120 TL).",
     dict(FACTS, fesih_tarihi="2023-11-20", basvuru_tarihi="2023-12-01", kod=2, prim_gun=300, kazanc_3_ay="36000.00"), False),
    ("engelli_istisnalar_ve_yuvarlama", "Engelli: gecikme sayılmaz (istisna), süre 120 gün (tablo istisnası); half_even bölge eki 374.985 → 374.98; floor saat kesintisi; ceiling damga.",
     dict(fesih_tarihi="2024-02-10", basvuru_tarihi="2024-04-10", kod=2, engelli=True, son_90_gun_akdi=False,
          prim_gun=185, kazanc_3_ay="10000.00", katsayi="1.5", bolge="sel", ek_oran="0.15", haftalik_saat=10), False),
    ("gecmis_bicimi", "Geçmiş biçimi: pencere dışı kayıt sayılmaz; 350 prim günü, en düşük ay 20 gün, en yüksek kazanç 12000; son bir yılın olayları 9500 TL; fesih ayında 2 olay.",
     HISTORY, False),
    ("olgu_bicimi_gecmisle_ayni", "gecmis_bicimi durumunun olguları doğrudan verilir: aynı süre ve tutarlar.",
     dict(FACTS, fesih_tarihi="2023-06-30", basvuru_tarihi="2023-07-03", kod=3, prim_gun=350, kazanc_3_ay="27000.00"), False),
    ("gec_basvuru", "45 gün sonra başvuru: 15 gün gecikme 60 günlük süreden düşer; ikinci dönem 15 gün.",
     dict(FACTS, fesih_tarihi="2023-03-01", basvuru_tarihi="2023-04-15", kod=1, prim_gun=200, kazanc_3_ay="27000.00"), False),
    ("vergi_asagi_yuvarlanir", "Vergi 174.955 → down 174.95 (half_up 174.96 olurdu).",
     dict(FACTS, fesih_tarihi="2023-05-10", basvuru_tarihi="2023-05-12", kod=1, prim_gun=200, kazanc_3_ay="11247.75"), False),
    ("taban_altinda", "Aylık 600 TL tabana (1000) çıkarılır; taban farkı |600 - 1000| = 400.",
     dict(FACTS, fesih_tarihi="2023-05-10", basvuru_tarihi="2023-05-12", kod=1, prim_gun=200, kazanc_3_ay="4500.00"), False),
    ("tablo_269", "Tablo: 269 gün [180, 270) satırı: 60 gün.",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=269, kazanc_3_ay="27000.00"), False),
    ("tablo_270", "Tablo: 270 gün [270, 366] satırı: 90 gün.",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=270, kazanc_3_ay="27000.00"), False),
    ("tablo_366", "Tablo: 366 gün, kapalı üst sınır: 90 gün.",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=366, kazanc_3_ay="27000.00"), False),
    ("prim_179", "179 gün: prim şartı sağlanmaz (tablo varsayılanı 0 gün).",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=179, kazanc_3_ay="27000.00"), False),
    ("hepsi_basarisiz", "Her başarısız koşul raporlanır, yalnız ilki değil.",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-10", kod=99, prim_gun=100, kazanc_3_ay="27000.00", bolge="yasak"), False),
    ("kod_3_2024te_gecmez", "Küme parametresi tarihli: kod 3, 2024'ten sonra hak kazandırmaz.",
     dict(FACTS, fesih_tarihi="2024-01-15", basvuru_tarihi="2024-01-20", kod=3, prim_gun=200, kazanc_3_ay="27000.00"), False),
    ("yururluk_disinda", "Başvuru 2026-01-05: program yürürlükte değil (yururlukte koşulu).",
     dict(FACTS, fesih_tarihi="2025-12-20", basvuru_tarihi="2026-01-05", kod=1, prim_gun=200, kazanc_3_ay="27000.00"), False),
    ("yururluk_son_gunu", "Başvuru 2025-12-31: yürürlüğün son günü (dahil).",
     dict(FACTS, fesih_tarihi="2025-12-01", basvuru_tarihi="2025-12-31", kod=1, prim_gun=200, kazanc_3_ay="27000.00"), False),
    ("olay_siniri_asilir", "Son bir yılın olayları 10000.01 TL: olay sınırı aşılır.",
     dict(FACTS, fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=200, kazanc_3_ay="27000.00",
          olaylar=[{"tarih": "2022-03-16", "tutar": "6000.00"}, {"tarih": "2023-03-15", "tutar": "4000.01"}]), False),
    ("akdi_kesintili", "Sözleşmelerde bir günlük boşluk: son 90 gün kapsanmaz.",
     dict(fesih_tarihi="2023-03-15", basvuru_tarihi="2023-03-20", kod=1, prim_gun=200, kazanc_3_ay="27000.00",
          sozlesmeler=[{"baslangic": "2022-01-01", "bitis": "2023-01-10"}, {"baslangic": "2023-01-12", "bitis": "2023-03-15"}]), False),
    ("reform_yeni_hak", "Reform: 160 gün prim yeter (150), oran 0.60: 0.60 × 150 = 90 TL günlük.",
     dict(FACTS, fesih_tarihi="2023-08-15", basvuru_tarihi="2023-08-20", kod=2, prim_gun=160, kazanc_3_ay="13500.00"), True),
    ("reform_oncesi_hak_yok", "Aynı başvuru reformsuz: 160 < 180 gün.",
     dict(FACTS, fesih_tarihi="2023-08-15", basvuru_tarihi="2023-08-20", kod=2, prim_gun=160, kazanc_3_ay="13500.00"), False),
    ("reform_kod_1", "Reformun eklediği koşul: kod 1 artık hak kazandırmaz.",
     dict(FACTS, fesih_tarihi="2023-08-15", basvuru_tarihi="2023-08-20", kod=1, prim_gun=200, kazanc_3_ay="13500.00"), True),
]


def yaml_value(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, list): return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    if isinstance(v, dict): return "{" + ", ".join(f"{k}: {yaml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, str) and not v[0].isdigit(): return f'"{v}"'
    return str(v)


def main():
    out = ["# Generated by tests/toy/oracle.py (an independent Python reading of the toy",
           "# programme); do not edit: change the cases there and run it again.",
           "tests:"]
    for name, description, claim, reform in CASES:
        status, failed, values, payments = evaluate(claim, reform)
        out.append(f"  - name: {name}")
        out.append("    program: oyuncak")
        out.append(f'    description: "{description}"')
        if reform: out.append("    reforms: [../reforms/oran_artisi.yaml]")
        out.append("    input:")
        for k, v in claim.items():
            out.append(f"      {k}: {yaml_value(v)}")
        out.append("    expect:")
        out.append(f"      status: {status}")
        if failed:
            out.append(f"      failed: [{', '.join(failed)}]")
        else:
            out.append("      values:")
            for k, v in values.items():
                out.append(f"        {k}: \"{value_text(k, v)}\"")
            out.append("      payments:")
            for p in payments:
                out.append(f"        - {p}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests", "hesaplanan.yaml")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
