using Electrode.Programs.Wire;
using Electrode.Vr.Transport;
using Electrode.Vr.Wire;

namespace Electrode.Vr.Tests.Wire;

/// <summary>Seeded random and mutated input never makes decoding or reassembly throw.</summary>
public class DecoderRobustnessTests
{
    private static readonly EndpointAddress Sender = new(0x0a000001, 9);

    [Fact]
    public void RandomByteArraysNeverThrowAndNeverDecode()
    {
        var random = new Random(20260101);
        var reassembler = new FragmentReassembler();
        for (int i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 4)
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, i % 4 == 0 ? WireConstants.Magic : WireConstants.FragmentMagic);

            var result = MessageDecoder.TryDecode(bytes);
            Assert.False(result.IsSuccess);
            Assert.NotNull(result.Detail);
            reassembler.Accept(Sender, bytes, TimeSpan.FromMilliseconds(i));
        }
    }

    [Fact]
    public void MutatedValidDatagramsNeverThrow()
    {
        var random = new Random(42);
        var valid = SampleMessages.All().Select(m => MessageEncoder.EncodeToArray(m))
            .Append(KernelPrepareOk.EncodeToArray(1, 2, 3)).ToArray();
        int decoded = 0, rejected = 0, missingRequired = 0;
        for (int i = 0; i < 5000; i++)
        {
            var datagram = (byte[])valid[random.Next(valid.Length)].Clone();
            datagram = Mutate(datagram, random);

            var result = MessageDecoder.TryDecode(datagram);
            if (result.IsSuccess)
            {
                decoded++;
                Assert.True(Google.Protobuf.MessageExtensions.IsInitialized(result.Message!));
            }
            else if (result.Error == DecodeError.MissingRequiredFields)
            {
                rejected++;
                missingRequired++;
            }
            else
            {
                rejected++;
                Assert.NotEqual(DecodeError.None, result.Error);
            }
        }
        Assert.True(rejected > 0 && decoded > 0 && missingRequired > 0 && decoded + rejected == 5000, $"{decoded} decoded, {rejected} rejected, {missingRequired} for missing fields");
    }

    [Fact]
    public void MutatedFragmentsNeverThrowAndStayWithinBudget()
    {
        var random = new Random(7);
        var limits = ReassemblyLimits.Default with { MaxBufferedBytes = 1 << 20, MaxPartialMessages = 8 };
        var reassembler = new FragmentReassembler(limits);
        var fragments = DatagramFragmenter.Split(MessageEncoder.EncodeToArray(SampleMessages.LargeStateTransfer(20, 1)), 1, 700);
        for (int i = 0; i < 3000; i++)
        {
            var fragment = Mutate((byte[])fragments[random.Next(fragments.Count)].Clone(), random);
            var result = reassembler.Accept(Sender, fragment, TimeSpan.FromMilliseconds(i));
            if (result.Status == ReassemblyStatus.Complete)
                MessageDecoder.TryDecode(result.Datagram);
            Assert.InRange(reassembler.BufferedBytes, 0, limits.MaxBufferedBytes);
            Assert.InRange(reassembler.PartialMessageCount, 0, limits.MaxPartialMessages);
        }
    }

    private static byte[] Mutate(byte[] datagram, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                datagram[random.Next(datagram.Length)] ^= (byte)(1 << random.Next(8));
                return datagram;
            case 1:
                for (int k = random.Next(1, 6); k > 0; k--)
                    datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
                return datagram;
            case 2:
                return datagram[..random.Next(datagram.Length)];
            default:
                var extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                return datagram.Concat(extra).ToArray();
        }
    }
}
