// `odenek generate`: synthetic işsizlik ödeneği claims for demos and benchmarks.
//
// Each claim is one simulated worker: an employment history (contract spells and
// monthly premium records over the 3 years up to termination: 37 calendar months), a termination
// reason code and an application date. The JSONL output writes that history
// (CONTRACT §3b); the CSV output writes the facts the rule set would derive from
// it (§3a), computed here the same way, so record i of a CSV and of a JSONL made
// with the same seed are the same claim.
//
// Determinism: the output is a function of (seed, n, --from, --to) on every platform. So the
// generator uses its own PRNG (splitmix64 seeding xoshiro256**) and integer-only
// distributions (tables computed once offline), never std:: distributions or
// floating point, whose results are implementation-defined. Each claim gets its
// own PRNG stream seeded from (seed, index), so claim i does not depend on n.
//
// Distributions (modelled on ../shared/peers/gen_claims.py, about 45% eligible):
//   termination date  2023-01-01..2026-06-30 (or --from..--to); 40% on a month's last day (fixed-term
//                     contracts and most dismissals end there), else uniform
//   reason code       70% a code that entitles (4 and 5 dominate), else resignation
//                     (3), misconduct (29, 42-46), retirement (8), other (22) ...
//   contract          82% one spell covering the last 120 days; else a recent job
//                     change with a gap inside those 120 days
//   premium days      30% every month of the 3 years, 68% triangular on 0..1080
//                     leaning high, 2% on the rule boundaries (599/600/899/900/1079)
//   missing days      15% lose days in one of the last 4 months (leave, sick leave:
//                     1 + 2 x geometric, mean ~17)
//   earnings          the gross minimum wage in force each month (asgari_ucret.brut,
//                     read from the rule set) x a per-worker multiplier: 35% exactly
//                     1, else lognormal (median ~1.6) capped at 10, pro rata to the
//                     month's premium days, plus a few kuruş of noise
//   application delay 85% 0..30 days (mostly within a week or two), 14.7% 31..90,
//                     0.3% 91..400 (so the late-application deduction can use up
//                     the whole entitlement)
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "commands.h"
#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek::cli {
namespace {

using date_internal::CivilFromDays;
using date_internal::DaysFromCivil;

// ---- PRNG -----------------------------------------------------------------

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), seeded through splitmix64 as they advise.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t sm = seed ^ (stream * 0xd1342543de82ef95ULL);
    for (uint64_t& word : s_) word = SplitMix64(sm);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, n), n > 0 (Lemire's multiply-shift; the tiny bias is
  // irrelevant here and the result is the same everywhere).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * uint64_t{n}) >> 32);
  }

  // True with probability ppm / 1,000,000.
  bool Chance(uint32_t ppm) { return Below(1'000'000) < ppm; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> s_;
};

// ---- integer distributions ------------------------------------------------

// floor(2^32 * exp(-k/8)) for k = 1..40: a geometric draw with mean ~8 is the
// number of thresholds a uniform 32-bit value falls below (P(d >= k) = e^(-k/8)).
constexpr uint32_t kGeometric8[] = {
    3790295335, 3344923893, 2951884975, 2605029347, 2298930330, 2028798895,
    1790408741, 1580030168, 1394371729, 1230528732, 1085937795, 958336740,
    845729205,  746353404,  658654567,  581260615,  512960692,  452686222,
    399494189,  352552384,  311126387,  274568073,  242305474,  213833830,
    188707692,  166533954,  146965699,  129696774,  114457001,  101007949,
    89139202,   78665070,   69421680,   61264418,   54065659,   47712776,
    42106377,   37158747,   32792479,   28939262};

int Geometric8(Rng& rng) {
  const uint32_t u = static_cast<uint32_t>(rng.Next() >> 32);
  int d = 0;
  for (uint32_t threshold : kGeometric8) {
    if (u >= threshold) break;
    ++d;
  }
  return d;
}

// Quantiles of exp(N(0.45, 0.55)) (median ~1.57) at k/128, k = 0..128, in units
// of 1/10000 (ends at the 1/2048 quantiles). A draw interpolates linearly.
constexpr int32_t kLogNormalBp[129] = {
    2558,  4149,  4797,  5257,  5630,  5952,  6239,  6501,  6745,  6974,  7191,  7398,
    7596,  7788,  7974,  8154,  8330,  8502,  8671,  8836,  8999,  9159,  9317,  9473,
    9628,  9781,  9932,  10083, 10232, 10381, 10529, 10676, 10822, 10969, 11114, 11260,
    11405, 11550, 11696, 11841, 11986, 12132, 12278, 12424, 12570, 12717, 12865, 13013,
    13162, 13312, 13462, 13613, 13765, 13918, 14072, 14227, 14383, 14541, 14699, 14860,
    15021, 15184, 15349, 15515, 15683, 15853, 16025, 16198, 16374, 16552, 16733, 16915,
    17100, 17288, 17479, 17672, 17869, 18068, 18271, 18477, 18687, 18901, 19119, 19340,
    19567, 19797, 20033, 20274, 20520, 20772, 21030, 21295, 21566, 21844, 22130, 22424,
    22727, 23039, 23361, 23694, 24038, 24394, 24763, 25147, 25547, 25963, 26399, 26854,
    27333, 27836, 28367, 28929, 29526, 30163, 30846, 31581, 32378, 33248, 34205, 35269,
    36465, 37831, 39423, 41326, 43689, 46790, 51276, 59278, 96163};

// The wage multiplier in 1/10000: 35% exactly 1, else lognormal folded above 1
// (a wage below the minimum is not allowed, so 0.8 becomes 1.04) and capped at 10.
int32_t WageMultiplierBp(Rng& rng) {
  if (rng.Chance(350'000)) return 10'000;
  const uint32_t u = rng.Below(128 * 1024);
  const uint32_t k = u / 1024, frac = u % 1024;
  int32_t m = kLogNormalBp[k] +
              static_cast<int32_t>((kLogNormalBp[k + 1] - kLogNormalBp[k]) * int64_t{frac} / 1024);
  if (m < 10'000) m = 10'000 + (10'000 - m) / 5;
  return std::min(m, 100'000);
}

struct CodeWeight {
  int code;
  int weight;
};
// Within "entitling" (4447 m.51: fesih_kodlari.issizlik) and "not entitling"
// codes, weights follow the broad shape of İŞKUR's published rejection reasons.
constexpr CodeWeight kEntitling[] = {{4, 40}, {5, 25}, {15, 2}, {17, 3}, {18, 3},
                                     {23, 2}, {24, 2}, {25, 3}, {27, 2}, {28, 2},
                                     {31, 1}, {32, 1}, {33, 1}, {34, 2}};
constexpr CodeWeight kNotEntitling[] = {{3, 45}, {29, 5}, {42, 4}, {46, 3}, {8, 15},
                                        {22, 13}, {2, 4},  {1, 3},  {10, 2}, {14, 2},
                                        {12, 2}, {16, 1}, {19, 1}};

template <size_t N>
int PickCode(Rng& rng, const CodeWeight (&table)[N]) {
  int total = 0;
  for (const CodeWeight& c : table) total += c.weight;
  int u = static_cast<int>(rng.Below(static_cast<uint32_t>(total)));
  for (const CodeWeight& c : table) {
    if (u < c.weight) return c.code;
    u -= c.weight;
  }
  return table[N - 1].code;
}

// ---- calendar ---------------------------------------------------------------

// The premium window (rules/issizlik_odenegi: the 3 years up to the termination
// date): the termination month, the 35 before it, and the part of the month 36
// back that the 3 years reach into, [0] to [36].
constexpr int kMonths = 37;

int32_t MonthNumber(int32_t day) {
  const auto c = CivilFromDays(day);
  return static_cast<int32_t>(c.year * 12 + c.month - 1);
}
int32_t FirstDayOfMonth(int32_t month_number) {
  return static_cast<int32_t>(DaysFromCivil(month_number / 12, month_number % 12 + 1, 1));
}
int32_t LastDayOfMonth(int32_t month_number) { return FirstDayOfMonth(month_number + 1) - 1; }

// Text of dates and months, precomputed for the generator's whole range so the
// hot loop copies bytes instead of formatting.
class CalendarText {
 public:
  CalendarText(int32_t first_day, int32_t last_day) : first_day_(first_day) {
    for (int32_t d = first_day; d <= last_day; ++d) {
      const auto c = CivilFromDays(d);
      const int y = static_cast<int>(c.year);  // 4 digits in the generator's range
      const char text[10] = {Digit(y / 1000), Digit(y / 100), Digit(y / 10), Digit(y), '-',
                             Digit(c.month / 10), Digit(c.month), '-', Digit(c.day / 10),
                             Digit(c.day)};
      days_.append(text, 10);
    }
  }
  // YYYY-MM-DD of day number `d` (YYYY-MM is its first 7 characters).
  const char* Day(int32_t d) const { return days_.data() + 10 * (d - first_day_); }

 private:
  static char Digit(int v) { return static_cast<char>('0' + v % 10); }
  int32_t first_day_;
  std::string days_;
};

// ---- the simulated worker -------------------------------------------------

struct Spell {
  int32_t start, end;  // day numbers, inclusive
  uint32_t employer;   // 7-digit workplace number
};

struct Worker {
  int32_t termination;
  int32_t application;
  int code;
  int spell_count;
  Spell spells[2];
  int32_t days[kMonths];  // premium days; [0] is the termination month
  uint32_t employer[kMonths];
  int32_t multiplier_bp;  // wage / minimum wage, in 1/10000
  uint64_t noise_key;     // seeds the per-month kuruş noise
  // Facts, derived from the history as rules/issizlik_odenegi/program.yaml does.
  bool covered_120;
  int premium_days_3y;
  int64_t earnings_4m;
  int days_4m;
};

struct Model {
  int32_t first_termination, last_termination;  // day numbers
  int32_t first_wage_month;                      // month number of wages[0]
  std::vector<int64_t> wages;                    // gross minimum wage, kuruş, per month
  int64_t WageAt(int32_t month_number) const {
    int64_t i = month_number - first_wage_month;
    i = std::clamp<int64_t>(i, 0, static_cast<int64_t>(wages.size()) - 1);
    return wages[static_cast<size_t>(i)];
  }
};

// Gross premium earnings of month m (0 = the termination month), kuruş: the
// minimum wage in force that month x the worker's multiplier, pro rata to the
// premium days, plus a few kuruş of noise. The noise is a hash of (claim,
// month) rather than a PRNG draw so the CSV writer need only compute the last
// 4 months and still agree with the JSONL writer, which computes all 36.
int64_t MonthEarnings(const Model& model, const Worker& w, int m) {
  if (w.days[m] == 0) return 0;
  const int64_t wage = model.WageAt(MonthNumber(w.termination) - m);
  const int64_t scaled = wage * w.multiplier_bp * w.days[m];  // < 2^63: wage < 10^8 kuruş
  int64_t kurus = (scaled + 150'000) / 300'000;               // / 10000 / 30, half up
  if (w.multiplier_bp != 10'000) {
    uint64_t h = w.noise_key + static_cast<uint64_t>(m);
    kurus += static_cast<int64_t>(SplitMix64(h) % 100);
  }
  return kurus;
}

void Simulate(const Model& model, uint64_t seed, uint64_t index, Worker& w) {
  Rng rng(seed, index);
  w.noise_key = rng.Next();

  // Termination: often the month's last day.
  const uint32_t span =
      static_cast<uint32_t>(model.last_termination - model.first_termination + 1);
  int32_t t = model.first_termination + static_cast<int32_t>(rng.Below(span));
  // (Not past --to, when it falls inside a month.)
  if (rng.Chance(400'000)) t = std::min(LastDayOfMonth(MonthNumber(t)), model.last_termination);
  w.termination = t;
  const int32_t t_month = MonthNumber(t);

  w.code = rng.Chance(700'000) ? PickCode(rng, kEntitling) : PickCode(rng, kNotEntitling);

  // Target premium days over the window. A month counts 30 premium days at
  // most; a termination on a month's last day has worked the whole month
  // (30, even in February), else its day of the month. The month 36 back adds
  // the rest of 30 (rule prim_gun_ilk_ay): everyone can reach 1080.
  const int first_month_days = t == LastDayOfMonth(t_month)
                                   ? 30
                                   : std::min(30, static_cast<int>(CivilFromDays(t).day));
  const int last_month_days = 30 - first_month_days;
  const int max_days = first_month_days + 30 * (kMonths - 2) + last_month_days;
  int target;
  bool full = false;
  const uint32_t u = rng.Below(100);
  if (u < 30) {
    target = max_days;
    full = true;
  } else if (u < 98) {
    target = static_cast<int>(std::max(rng.Below(1081), rng.Below(1081)));  // triangular
  } else {
    constexpr int kBoundary[] = {599, 600, 899, 900, 1079, 1080};
    target = kBoundary[rng.Below(6)];
  }
  target = std::min(target, max_days);

  // Fill the months backwards from the termination month.
  int remaining = target;
  int oldest = 0;
  for (int m = 0; m < kMonths; ++m) {
    const int cap = m == 0 ? first_month_days : m == kMonths - 1 ? last_month_days : 30;
    w.days[m] = std::min(cap, remaining);
    remaining -= w.days[m];
    if (w.days[m] > 0) oldest = m;
  }
  // The contract began within the oldest worked month, or years before.
  int32_t start;
  if (full) {
    start = t - 1095 - static_cast<int32_t>(rng.Below(10 * 365));
  } else if (target == 0) {
    start = t - static_cast<int32_t>(rng.Below(30));  // worked only a few days
  } else {
    const int32_t month = t_month - oldest;
    const int32_t end = oldest == 0 ? t : LastDayOfMonth(month);
    start = std::max(FirstDayOfMonth(month), end - w.days[oldest] + 1);
  }

  const uint32_t employer_a = 1'000'000 + rng.Below(9'000'000);
  w.spell_count = 1;
  w.spells[0] = {start, t, employer_a};
  for (int m = 0; m < kMonths; ++m) w.employer[m] = employer_a;

  // 18%: changed jobs recently, with a gap inside the last 120 days.
  if (rng.Chance(180'000) && start < t - 20) {
    const int32_t gap = 1 + static_cast<int32_t>(rng.Below(60));
    const int32_t new_start =
        std::max(start + gap + 1, t - static_cast<int32_t>(rng.Below(119 - 1)));
    if (new_start - gap - 1 >= start && new_start <= t) {
      const uint32_t employer_b = 1'000'000 + rng.Below(9'000'000);
      w.spells[0].end = new_start - gap - 1;
      w.spells[1] = {new_start, t, employer_b};
      w.spell_count = 2;
      for (int32_t d = new_start - gap; d < new_start; ++d) {
        const int m = t_month - MonthNumber(d);
        if (m >= 0 && m < kMonths && w.days[m] > 0) --w.days[m];
      }
      for (int m = 0; m <= t_month - MonthNumber(new_start) && m < kMonths; ++m) {
        w.employer[m] = employer_b;
      }
    }
  }

  // 15%: some premium days missing in one of the last 4 months.
  if (rng.Chance(150'000)) {
    const int m = static_cast<int>(rng.Below(4));
    w.days[m] = std::max(0, w.days[m] - 1 - Geometric8(rng) * 2);
  }

  w.multiplier_bp = WageMultiplierBp(rng);

  // Application delay.
  const uint32_t a = rng.Below(1000);
  int32_t delay;
  if (a < 850) {
    delay = std::min(30, Geometric8(rng));
  } else if (a < 997) {
    delay = 31 + static_cast<int32_t>(rng.Below(60));
  } else {
    delay = 91 + static_cast<int32_t>(rng.Below(310));
  }
  w.application = t + delay;

  // Facts, as the rule set derives them.
  const int32_t window_start = t - 119;
  w.covered_120 = false;
  for (int i = 0; i < w.spell_count; ++i) {
    if (w.spells[i].start <= window_start && w.spells[i].end >= t) w.covered_120 = true;
  }
  w.premium_days_3y = 0;
  w.earnings_4m = 0;
  w.days_4m = 0;
  for (int m = 0; m < kMonths; ++m) {
    w.premium_days_3y += w.days[m];
    if (m < 4) {
      w.earnings_4m += MonthEarnings(model, w, m);
      w.days_4m += w.days[m];
    }
  }
}

// ---- output -----------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::FILE* f) : f_(f) { buf_.reserve(kFlushAt + 4096); }
  std::string& buf() { return buf_; }
  bool MaybeFlush() { return buf_.size() >= kFlushAt ? Flush() : true; }
  bool Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      return false;
    }
    buf_.clear();
    return true;
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::FILE* f_;
  std::string buf_;
};

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendMoney(std::string& out, int64_t kurus) {
  AppendInt(out, kurus / 100);
  const int cents = static_cast<int>(kurus % 100);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cents / 10));
  out.push_back(static_cast<char>('0' + cents % 10));
}

void AppendId(std::string& out, uint64_t i) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, i);
  const size_t len = static_cast<size_t>(r.ptr - buf);
  out.append("G-");
  if (len < 7) out.append(7 - len, '0');
  out.append(buf, len);
}

void AppendCsv(std::string& out, const CalendarText& cal, uint64_t i, const Worker& w) {
  AppendId(out, i);
  out.push_back(',');
  out.append(cal.Day(w.termination), 10);
  out.push_back(',');
  AppendInt(out, w.code);
  out.push_back(',');
  out.append(cal.Day(w.application), 10);
  out.append(w.covered_120 ? ",true," : ",false,");
  AppendInt(out, w.premium_days_3y);
  out.push_back(',');
  AppendMoney(out, w.earnings_4m);
  out.push_back(',');
  AppendInt(out, w.days_4m);
  out.push_back('\n');
}

void AppendDateField(std::string& out, const char* key, const char* date, size_t len) {
  out.append(key);
  out.push_back('"');
  out.append(date, len);
  out.push_back('"');
}

void AppendEmployer(std::string& out, uint32_t employer) {
  out.append(",\"isveren\":\"");
  AppendInt(out, employer);
  out.push_back('"');
}

void AppendJson(std::string& out, const CalendarText& cal, const Model& model, uint64_t i,
                const Worker& w) {
  out.append("{\"id\":\"");
  AppendId(out, i);
  AppendDateField(out, "\",\"fesih\":{\"tarih\":", cal.Day(w.termination), 10);
  out.append(",\"neden_kodu\":");
  AppendInt(out, w.code);
  AppendDateField(out, "},\"basvuru\":{\"tarih\":", cal.Day(w.application), 10);
  // The programme applied for, as an agency's record carries it (CONTRACT
  // §3b): simulate then evaluates işsizlik ödeneği alone.
  out.append(",\"program\":\"issizlik_odenegi\"},\"sozlesmeler\":[");
  for (int s = 0; s < w.spell_count; ++s) {
    if (s > 0) out.push_back(',');
    out.append("{\"isveren\":\"");
    AppendInt(out, w.spells[s].employer);
    AppendDateField(out, "\",\"baslangic\":", cal.Day(w.spells[s].start), 10);
    AppendDateField(out, ",\"bitis\":", cal.Day(w.spells[s].end), 10);
    out.push_back('}');
  }
  out.append("],\"primler\":[");
  // Oldest first, as an agency extract lists them; months without premium days
  // have no record.
  const int32_t t_month = MonthNumber(w.termination);
  bool first = true;
  for (int m = kMonths - 1; m >= 0; --m) {
    if (w.days[m] == 0) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendDateField(out, "{\"ay\":", cal.Day(FirstDayOfMonth(t_month - m)), 7);
    out.append(",\"gun\":");
    AppendInt(out, w.days[m]);
    out.append(",\"kazanc\":\"");
    AppendMoney(out, MonthEarnings(model, w, m));
    out.push_back('"');
    AppendEmployer(out, w.employer[m]);
    out.push_back('}');
  }
  out.append("]}\n");
}

bool EndsWith(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// The monthly gross minimum wage from the rule set's asgari_ucret.brut, so the
// generator follows the rules (and a reform of them) instead of a copy.
bool LoadWages(const RuleSet& rules, Model& model) {
  for (const ParameterInfo& p : rules.parameters()) {
    if (p.name != "asgari_ucret.brut" || p.values.empty()) continue;
    std::vector<std::pair<int32_t, int64_t>> history;  // (first day, kuruş)
    for (const ParameterValueInfo& v : p.values) {
      absl::StatusOr<Date> from = Date::Parse(v.from);
      absl::StatusOr<Decimal> value = Decimal::Parse(v.value);
      if (!from.ok() || !value.ok()) return false;
      history.emplace_back(from->day_number(), value->raw() / 10'000);
    }
    std::sort(history.begin(), history.end());
    model.first_wage_month = MonthNumber(model.first_termination) - kMonths;
    const int32_t last_month = MonthNumber(model.last_termination);
    for (int32_t m = model.first_wage_month; m <= last_month; ++m) {
      const int32_t day = FirstDayOfMonth(m);
      int64_t wage = history.front().second;  // before the first value: the first
      for (const auto& [from, kurus] : history) {
        if (from <= day) wage = kurus;
      }
      model.wages.push_back(wage);
    }
    return true;
  }
  return false;
}

}  // namespace

int RunGenerate(const GenerateOptions& options) {
  // "-": standard output, for a pipe into `simulate -` (no file, no rename).
  const bool to_stdout = options.out == "-";
  const bool csv = to_stdout ? options.format != "jsonl" : EndsWith(options.out, ".csv");
  if (!to_stdout && !csv && !EndsWith(options.out, ".jsonl")) {
    std::cerr << "odenek generate: --out must end in .csv or .jsonl, found " << options.out
              << "\n";
    return 2;
  }
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;

  Model model;
  model.first_termination = static_cast<int32_t>(DaysFromCivil(2023, 1, 1));
  model.last_termination = static_cast<int32_t>(DaysFromCivil(2026, 6, 30));
  // --from/--to: the termination dates' range. Bounded so that the
  // calendar (14 years before, 420 days after) stays in 4-digit years and
  // the 3-year premium history has a minimum wage to read.
  const int32_t kEarliest = static_cast<int32_t>(DaysFromCivil(1990, 1, 1));
  const int32_t kLatest = static_cast<int32_t>(DaysFromCivil(2150, 12, 31));
  for (auto [text, flag, day] : {std::make_tuple(&options.from, "--from", &model.first_termination),
                                 std::make_tuple(&options.to, "--to", &model.last_termination)}) {
    if (text->empty()) continue;
    absl::StatusOr<Date> d = Date::Parse(*text);
    if (!d.ok()) {
      std::cerr << "odenek generate: " << flag << ": " << d.status().message() << "\n";
      return 2;
    }
    if (d->day_number() < kEarliest || d->day_number() > kLatest) {
      std::cerr << "odenek generate: " << flag << " " << *text
                << ": expected a date from 1990-01-01 to 2150-12-31\n";
      return 2;
    }
    *day = d->day_number();
  }
  if (model.first_termination > model.last_termination) {
    std::cerr << "odenek generate: --from " << Date::FromDayNumber(model.first_termination).ToString()
              << " is after --to " << Date::FromDayNumber(model.last_termination).ToString()
              << "\n";
    return 2;
  }
  if (!LoadWages(*rules, model)) {
    std::cerr << "odenek generate: the rule set has no usable parameter asgari_ucret.brut\n";
    return 1;
  }
  // Dates reach from 10+3 years before the first termination (contract starts)
  // to 400 days after the last (late applications).
  const CalendarText cal(model.first_termination - 14 * 366, model.last_termination + 420);

  // Written beside the final path and renamed when complete, as simulate's
  // outputs are: a failed or killed run leaves no partial file behind.
  const size_t slash = options.out.rfind('/');
  const std::string temp =
      slash == std::string::npos
          ? "." + options.out + ".odenek-tmp"
          : options.out.substr(0, slash + 1) + "." + options.out.substr(slash + 1) + ".odenek-tmp";
  std::FILE* f = to_stdout ? stdout : std::fopen(temp.c_str(), "wb");
  if (f == nullptr) {
    std::cerr << "cannot write " << options.out << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  Writer writer(f);
  bool ok = true;
  if (csv) {
    writer.buf().append(
        "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
        "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay\n");
  }
  Worker w;
  const uint64_t n = options.n > 0 ? static_cast<uint64_t>(options.n) : 0;
  for (uint64_t i = 1; ok && i <= n; ++i) {
    Simulate(model, options.seed, i, w);
    if (csv) {
      AppendCsv(writer.buf(), cal, i, w);
    } else {
      AppendJson(writer.buf(), cal, model, i, w);
    }
    ok = writer.MaybeFlush();
  }
  ok = ok && writer.Flush();
  if (to_stdout) {
    if (!ok || std::fflush(stdout) != 0) {
      std::cerr << "odenek generate: cannot write to standard output: " << std::strerror(errno)
                << "\n";
      return 1;
    }
    std::cerr << "odenek generate: " << n << " claims ("
              << (csv ? "facts form, CSV" : "history form, JSONL") << ", seed " << options.seed
              << ") written to standard output\n";
    return 0;
  }
  ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  ok = (std::fclose(f) == 0) && ok;
  ok = ok && std::rename(temp.c_str(), options.out.c_str()) == 0;
  if (!ok) {
    std::cerr << "cannot write " << options.out << ": " << std::strerror(errno) << "\n";
    std::remove(temp.c_str());
    return 1;
  }
  std::cout << "odenek generate: " << n << " claims ("
            << (csv ? "facts form, CSV" : "history form, JSONL") << ", seed " << options.seed
            << ") written to " << options.out << "\n";
  return 0;
}

}  // namespace odenek::cli
