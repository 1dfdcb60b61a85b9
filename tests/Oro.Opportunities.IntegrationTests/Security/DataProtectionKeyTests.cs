using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>
/// Issue 14: the data-protection keys (they sign every node's cookies) live in the database; with
/// <c>DataProtection:CertificatePath</c> they are encrypted at rest with that certificate, without one
/// start-up warns that they are not.
/// </summary>
public abstract class DataProtectionKeyTests(DatabaseProvider provider)
{
    [Fact]
    public async Task With_a_certificate_the_keys_in_the_database_are_encrypted_and_without_one_start_up_says_they_are_not()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            PostgresServer.EnsureAvailable();
        }

        var folder = Directory.CreateTempSubdirectory("oro-dp-").FullName;
        var certificatePath = Path.Combine(folder, "data-protection.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=oro-data-protection-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }

        try
        {
            await using (var encrypted = new OroAppFactory(provider, new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = certificatePath,
                ["DataProtection:CertificatePassword"] = "pfx-password",
            }))
            {
                var client = encrypted.CreateBrowserLikeClient();
                await client.SignInAsync("admin", OroAppFactory.AdminPassword);
                Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/opportunities")).StatusCode);
                var keys = await encrypted.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());
                Assert.NotEmpty(keys);
                Assert.All(keys, xml =>
                {
                    Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
                    Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
                });
                Assert.DoesNotContain(encrypted.Logs.All, e => e.RenderMessage(null).Contains("without encryption", StringComparison.Ordinal));
            }

            await using var plain = new OroAppFactory(provider);
            var plainClient = plain.CreateBrowserLikeClient();
            await plainClient.SignInAsync("admin", OroAppFactory.AdminPassword);
            Assert.Contains(plain.Logs.All, e => e.Level == Serilog.Events.LogEventLevel.Warning
                && e.RenderMessage(null).Contains("stored in the database without encryption", StringComparison.Ordinal));
            var plainKeys = await plain.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());
            Assert.Contains(plainKeys, xml => xml.Contains("unencrypted form", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class SqliteDataProtectionKeyTests() : DataProtectionKeyTests(DatabaseProvider.Sqlite);

public sealed class PostgresDataProtectionKeyTests() : DataProtectionKeyTests(DatabaseProvider.PostgreSql);
