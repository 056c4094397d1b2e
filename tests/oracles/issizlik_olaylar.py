#!/usr/bin/python3
"""Expected figures for rules/issizlik_odenegi/tests/olaylar.yaml (issue #17, Deliver 3).

An independent reading of the law, not of the rule files: it walks the entitlement
day by day (a day is paid unless a suspension holds it or it is on/after the cut or
the new job) and groups the paid days into the 30-day periods counted from the
application date. Each period is priced with the minimum wage in force on its first
day (4447 m.50/3 cap), stamp tax on the period's gross, half-up to the kuruş.
Run it to rewrite the case file:  /usr/bin/python3 tests/oracles/issizlik_olaylar.py
"""
import datetime as dt
from decimal import Decimal as D, ROUND_HALF_UP
import os

ASGARI = [("2023-01-01", D("10008.00")), ("2023-07-01", D("13414.50")), ("2024-01-01", D("20002.50"))]
ORAN, TAVAN_ORANI, DAMGA = D("0.40"), D("0.80"), D("0.00759")
GSS = D("0.05") + D("0.075")  # 5510 m.81/1-c: sigortalı + işveren payı
Q6 = D("0.000001")


def day(s): return dt.date.fromisoformat(s)


def param(history, d):
    v = None
    for start, value in history:
        if day(start) <= d: v = value
    return v


def r2(x): return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def div6(a, b): return (a / b).quantize(Q6)  # the engine keeps 6 places on * and /


def hak_gun(prim_gun):
    return 180 if 600 <= prim_gun < 900 else 240 if prim_gun < 1080 else 300


def evaluate(c):
    basvuru = day(c["basvuru_tarihi"])
    hak = hak_gun(c["prim_gun_3_yil"])
    son = basvuru + dt.timedelta(days=hak - 1)
    ortalama = div6(D(c["kazanc_son_4_ay"]), D(c["gun_son_4_ay"]))
    stops = [day(c[k]) for k in ("kesinti.tarih", "ise_giris.tarih") if k in c]
    stop = min(stops) if stops else None
    spells = [(day(s["baslangic"]), day(s["bitis"]) if "bitis" in s else None)
              for s in c.get("askiya_almalar", [])]

    def paid(d):
        if stop is not None and d >= stop: return False
        return not any(a <= d and (b is None or d <= b) for a, b in spells)

    periods = {}
    d = basvuru
    while d <= son:
        k = (d - basvuru).days // 30
        periods.setdefault(k, 0)
        periods[k] += paid(d)
        d += dt.timedelta(days=1)
    rows = []
    total = 0
    gss = D(0)
    for k in sorted(periods):
        n = periods[k]
        total += n
        start = basvuru + dt.timedelta(days=30 * k)
        # GSS premium: paid days x daily PEK lower bound (the period's gross minimum wage / 30).
        gss += r2(div6(n * param(ASGARI, start), D(30)) * GSS)
        if n == 0: continue
        tavan = div6(TAVAN_ORANI * param(ASGARI, start), D(30))
        gunluk = r2(min(ORAN * ortalama, tavan))
        brut = n * gunluk
        damga = r2(brut * DAMGA)
        rows.append(f"{start:%Y-%m} {n} {brut:.2f} {damga:.2f} {brut - damga:.2f}")
    values = {"sure_gun": total, "gss_primi_toplam": f"{gss:.2f}"}
    if "ise_giris.tarih" in c:
        giris = day(c["ise_giris.tarih"])
        kesinti = day(c["kesinti.tarih"]) if "kesinti.tarih" in c else None
        if kesinti is not None and kesinti <= giris:
            kalan = 0
        else:
            kalan = max(0, (son - max(giris, basvuru)).days + 1)
        fesih_tavan = div6(TAVAN_ORANI * param(ASGARI, day(c["fesih_tarihi"])), D(30))
        values["kalan_hak_gun"] = kalan
        values["kalan_hak_gunluk_brut"] = f"{r2(min(ORAN * ortalama, fesih_tavan)) if kalan > 0 else D(0):.2f}"
    return values, rows


BASE = {"fesih_tarihi": "2023-05-31", "fesih_neden_kodu": 4, "basvuru_tarihi": "2023-06-05",
        "son_120_gun_hizmet_akdi": True, "prim_gun_3_yil": 720, "kazanc_son_4_ay": "40032.00",
        "gun_son_4_ay": 120}
# Periods of BASE: 06-05, 07-05, 08-04, 09-03, 10-03, 11-02 (30 days each); the
# entitlement's last day is 2023-12-01.
CASES = [
    ("olay_yok_ayni_takvim", "Olay yok: 180 gün, altı tam dönem (olaysız hesapla aynı).", {}),
    ("olay_askiya_donem_ilk_gunu", "Askıya alma 2. dönemin ilk günü (07-05) başlar, 10 gün: 2. dönem 20 gün; günler kaybolur, takvim uzamaz (4447 m.52, UNVERIFIED okuma).",
     {"askiya_almalar": [{"baslangic": "2023-07-05", "bitis": "2023-07-14", "neden": "askerlik"}]}),
    ("olay_askiya_donem_son_gunu", "Askıya alma 2. dönemin son günü (08-03) başlar, 08-20'de biter: 2. dönem 29, 3. dönem 13 gün.",
     {"askiya_almalar": [{"baslangic": "2023-08-03", "bitis": "2023-08-20", "neden": "tutukluluk"}]}),
    ("olay_askiya_bitisten_onceki_gun", "Asıl bitişten (12-01) önceki gün başlayan, bitişi verilmemiş (süren) askıya alma: son dönem 28 gün.",
     {"askiya_almalar": [{"baslangic": "2023-11-30", "neden": "yurt_disi"}]}),
    ("olay_donus_bitisten_sonra", "Askıya alma 10-15..12-20: dönüş asıl bitişten sonra, ödeme 10-14'te biter; 5. dönem 12 gün, 6. dönem hiç (4447 m.52: süre uzamaz, UNVERIFIED okuma).",
     {"askiya_almalar": [{"baslangic": "2023-10-15", "bitis": "2023-12-20", "neden": "askerlik"}]}),
    ("olay_tum_donem_askida", "3. dönemin tamamı (08-04..09-02) askıda: o dönem ödenmez, takvim 4. dönemle sürer.",
     {"askiya_almalar": [{"baslangic": "2023-08-04", "bitis": "2023-09-02", "neden": "tutukluluk"}]}),
    ("olay_ust_uste_askiya", "Üst üste binen askıya almalar 07-10..07-20 ve 07-15..07-25 bir kez sayılır: 16 gün, 2. dönem 14 gün.",
     {"askiya_almalar": [{"baslangic": "2023-07-10", "bitis": "2023-07-20", "neden": "askerlik"},
                         {"baslangic": "2023-07-15", "bitis": "2023-07-25", "neden": "yurt_disi"}]}),
    ("olay_basvurudan_once", "Ödeme başlamadan önceki askıya alma (05-01..06-04) hiçbir dönemi etkilemez: 180 gün.",
     {"askiya_almalar": [{"baslangic": "2023-05-01", "bitis": "2023-06-04", "neden": "yurt_disi"}]}),
    ("olay_kesinti_baslangic_gunu", "İş teklifini reddettiği için başlangıç günü (06-05) kesilen ödenek: hiç ödeme yok, hak bağlanmıştır (4447 m.52/1-a).",
     {"kesinti.tarih": "2023-06-05", "kesinti.neden": "is_teklifi_reddi"}),
    ("olay_kesinti_ertesi_gun", "Yaşlılık aylığı bağlandığı için 06-06'da kesilen ödenek: yalnız 06-05 ödenir (4447 m.52).",
     {"kesinti.tarih": "2023-06-06", "kesinti.neden": "yaslilik_ayligi"}),
    ("olay_kesinti_calisirken", "Çalıştığı hâlde ödenek aldığı için 09-10'da kesilir: 4. dönem 7 gün (09-03..09-09), kalan hak düşer (4447 m.52/1-b).",
     {"kesinti.tarih": "2023-09-10", "kesinti.neden": "calisirken_odenek"}),
    ("olay_kesinti_egitim_reddi", "Eğitimi reddettiği için 10-03'te (5. dönemin ilk günü) kesilir: 4 tam dönem (4447 m.52/1-c).",
     {"kesinti.tarih": "2023-10-03", "kesinti.neden": "egitim_reddi"}),
    ("olay_kesinti_bildirim", "Çağrıya uymadığı için 07-20'de kesilir, öncesinde askıya alma 07-05..07-09: 2. dönem 10 gün (4447 m.52).",
     {"kesinti.tarih": "2023-07-20", "kesinti.neden": "bildirim_yukumlulugu",
      "askiya_almalar": [{"baslangic": "2023-07-05", "bitis": "2023-07-09", "neden": "cagri"}]}),
    ("olay_kesinti_nedensiz", "Nedeni verilmeyen kesilme 11-20'de: son dönem 18 gün (4447 m.52 genel).",
     {"kesinti.tarih": "2023-11-20"}),
    ("olay_ise_giris_donem_ortasi", "08-20'de yeni işe giriş: 3. dönem 16 gün; kalan 104 gün ve günlük 133,44 TL sonraki başvuruya kalır (4447 m.50 son fıkra).",
     {"ise_giris.tarih": "2023-08-20"}),
    ("olay_ise_giris_kesintiden_sonra", "07-10'da kesilen (iş teklifi reddi), 08-01'de işe giren: kalan hak yoktur (0 gün, 0 TL).",
     {"kesinti.tarih": "2023-07-10", "kesinti.neden": "is_teklifi_reddi", "ise_giris.tarih": "2023-08-01"}),
    ("olay_askiya_sonra_ise_giris", "Askıda (09-01..09-10) geçen günler kaybolur; 10-01'de işe giriş: kalan 62 gün (10-01..12-01).",
     {"askiya_almalar": [{"baslangic": "2023-09-01", "bitis": "2023-09-10", "neden": "askerlik"}],
      "ise_giris.tarih": "2023-10-01"}),
    ("olay_tavandan_alan_temmuz", "Tavandan alan (günlük ortalama 1000 TL), askıda 06-25..07-09: 1. dönem 20 gün × 266,88, 2. dönem 25 gün × 357,72 (her dönem kendi başındaki asgari ücretle).",
     {"kazanc_son_4_ay": "120000.00",
      "askiya_almalar": [{"baslangic": "2023-06-25", "bitis": "2023-07-09", "neden": "askerlik"}]}),
]


def yaml_value(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, list): return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    if isinstance(v, dict): return "{" + ", ".join(f"{k}: {yaml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, str) and not v[0].isdigit(): return f'"{v}"'
    return str(v)


def nest(flat):
    out = {}
    for k, v in flat.items():
        if "." in k:
            a, b = k.split(".", 1)
            out.setdefault(a, {})[b] = v
        else:
            out[k] = v
    return out


def main():
    out = ["# Generated by tests/oracles/issizlik_olaylar.py (an independent day-by-day reading",
           "# of 4447 m.50, m.52, not of the rule files); do not edit: change the cases there and",
           "# run it again. Satır biçimi: \"AY GÜN BRÜT DAMGA NET\".",
           "tests:"]
    for name, description, extra in CASES:
        claim = dict(BASE, **extra)
        values, rows = evaluate(claim)
        out.append(f"  - name: {name}")
        out.append("    program: issizlik_odenegi")
        out.append(f'    description: "{description} Rakamlar: tests/oracles/issizlik_olaylar.py."')
        out.append("    input:")
        for k, v in nest(claim).items():
            out.append(f"      {k}: {yaml_value(v)}")
        out.append("    expect:")
        out.append("      status: eligible")
        out.append("      values: {" + ", ".join(f"{k}: {yaml_value(v) if not isinstance(v, str) else chr(34) + v + chr(34)}" for k, v in values.items()) + "}")
        if rows:
            out.append("      payments:")
            out.extend(f"        - {r}" for r in rows)
        else:
            out.append("      payments: []")
    path = os.path.join(os.path.dirname(__file__), "..", "..", "rules", "issizlik_odenegi", "tests", "olaylar.yaml")
    with open(path, "w") as f: f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
