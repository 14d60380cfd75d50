using System.Text;

namespace SessionOps.Gateway.Api.Imports;

/// <summary>The uploaded file as text: UTF-8 with or without a byte-order mark (as Excel writes "CSV UTF-8"), or UTF-16 with one.</summary>
public static class ImportFile
{
    /// <summary>A month of the Office's sittings is some hundred kilobytes; a file far larger is a mistake, refused before it is read.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(string? Text, ImportError? Error)> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        // Buffered so that the cluster's retry of a refused call reads the same file again.
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBytes + 1);
        request.Body.Position = 0;
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (copy.Length + read > MaxBytes)
                {
                    return (null, TooLarge());
                }

                copy.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (request.ContentLength is null)
        {
            // A body sent in chunks, with no length to refuse it by, passed the buffer's own limit.
            return (null, TooLarge());
        }

        request.Body.Position = 0;
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        try
        {
            var text = bytes switch
            {
                [0xEF, 0xBB, 0xBF, ..] => StrictUtf8.GetString(bytes[3..]),
                [0xFF, 0xFE, ..] => Encoding.Unicode.GetString(bytes[2..]),
                [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode.GetString(bytes[2..]),
                _ => StrictUtf8.GetString(bytes),
            };
            return string.IsNullOrWhiteSpace(text)
                ? (null, new ImportError(0, "file", "The file is empty."))
                : (text.Normalize(NormalizationForm.FormC), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, new ImportError(0, "file",
                "The file is not UTF-8 text. In Excel, save it as \"CSV UTF-8 (Comma delimited)\"; Vietnamese letters need it."));
        }
    }

    private static ImportError TooLarge() =>
        new(0, "file", $"The file is larger than {MaxBytes / (1024 * 1024)} MB. Split it, a month or a delegation at a time.");
}
