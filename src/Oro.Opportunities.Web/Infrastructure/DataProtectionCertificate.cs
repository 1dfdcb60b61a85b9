using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// The certificate that encrypts the data-protection keys stored in the database (ADR-0017):
/// <c>DataProtection:CertificatePath</c> (a .pfx / .p12 with its private key, or a PEM certificate with
/// <c>DataProtection:CertificateKeyPath</c>) and <c>DataProtection:CertificatePassword</c>. Every node needs
/// the same certificate. Without one the keys are stored unencrypted, and start-up says so.
/// </summary>
public static class DataProtectionCertificate
{
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            var password = configuration["DataProtection:CertificatePassword"];
            var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path, configuration["DataProtection:CertificateKeyPath"] is { Length: > 0 } key ? key : path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException("it has no private key");
            }

            return certificate;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' cannot be used to encrypt the data-protection keys: {ex.Message}", ex);
        }
    }

    public static void LogState(IConfiguration configuration, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(configuration["DataProtection:CertificatePath"]))
        {
            logger.LogWarning(
                "Data-protection keys (they sign the sign-in cookies) are stored in the database without encryption. " +
                "Set DataProtection:CertificatePath and DataProtection:CertificatePassword to encrypt them at rest with a certificate (the same on every node).");
        }
        else
        {
            logger.LogInformation("Data-protection keys are encrypted at rest with the certificate at {Path}.", configuration["DataProtection:CertificatePath"]);
        }
    }
}
