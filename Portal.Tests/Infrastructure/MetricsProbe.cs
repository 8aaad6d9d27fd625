using System.Diagnostics.Metrics;

namespace Portal.Tests.Infrastructure;

/// <summary>Listens to one meter instance only (other hosts in this process have their own).</summary>
public sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _counters = [];
    private readonly Dictionary<string, double> _gauges = [];
    private readonly Lock _gate = new();

    public MetricsProbe(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    public double Counter(string name) { lock (_gate) return _counters.GetValueOrDefault(name); }

    public double? Gauge(string name) { lock (_gate) return _gauges.TryGetValue(name, out var v) ? v : null; }

    public void Observe() => _listener.RecordObservableInstruments();

    private void Record(Instrument instrument, double value)
    {
        lock (_gate)
        {
            if (instrument.IsObservable)
                _gauges[instrument.Name] = value;
            else
                _counters[instrument.Name] = _counters.GetValueOrDefault(instrument.Name) + value;
        }
    }

    public void Dispose() => _listener.Dispose();
}
